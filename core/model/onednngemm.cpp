#include "model/onednngemm.h"

#include <dlfcn.h>

namespace reclens {

namespace {

// dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K,
//     float alpha, const float* A, dnnl_dim_t lda, const float* B, dnnl_dim_t ldb, float beta,
//     float* C, dnnl_dim_t ldc): oneDNN's stable C API (row-major), status 0 = success. Looked
// up at run time: the oneDNN headers are not installed with LibTorch.
using SgemmFn = int (*)(char, char, std::int64_t, std::int64_t, std::int64_t, float, const float*,
                        std::int64_t, const float*, std::int64_t, float, float*, std::int64_t);

SgemmFn sgemm() {
    static const SgemmFn fn = [] {
        void* symbol = dlsym(RTLD_DEFAULT, "dnnl_sgemm");
        return reinterpret_cast<SgemmFn>(symbol);
    }();
    return fn;
}

} // namespace

bool oneDnnGemmAvailable() {
    return sgemm() != nullptr;
}

bool oneDnnGemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k,
                float alpha, const float* a, std::int64_t lda, const float* b, std::int64_t ldb,
                float beta, float* c, std::int64_t ldc) {
    const SgemmFn fn = sgemm();
    return fn && fn(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c,
                    ldc) == 0;
}

} // namespace reclens
