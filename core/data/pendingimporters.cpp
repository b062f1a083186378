// Temporary: importers not landed yet.
#include "data/importers.h"

namespace reclens {

Expected<Dataset> loadUciRetail(const std::string& p) {
    return makeError(ErrorCode::Internal, p, 0, 0, "UCI importer not implemented yet");
}
Expected<Dataset> loadUniSrec(const std::string& p) {
    return makeError(ErrorCode::Internal, p, 0, 0, "UniSRec importer not implemented yet");
}
Expected<Dataset> loadMovieLens(const std::string& p) {
    return makeError(ErrorCode::Internal, p, 0, 0, "MovieLens importer not implemented yet");
}

} // namespace reclens
