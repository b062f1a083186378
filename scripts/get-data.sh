#!/usr/bin/env bash
# Downloads the public datasets RecLens's real-data tests and benchmarks use, each from the
# place it was taken from (pinned to a commit, so the bytes never change), checks every file
# against the SHA-256 recorded below (and in docs/DATA.md), and lays them out in DIR as the
# tests expect: DIR/<dataset>/<file>. Then: export RECLENS_DATA_DIR=DIR.
#
#   scripts/get-data.sh DIR            download, check and lay out
#   scripts/get-data.sh --verify [DIR] only check the files already in DIR (default:
#                                      RECLENS_DATA_DIR) and that docs/DATA.md records the
#                                      same checksums; no network
#
# Needs curl and sha256sum; for the two datasets published as R data files (UCI Online Retail,
# dunnhumby Complete Journey) also python3 with the `rdata` module (Debian: python3-rdata),
# which converts them to CSV without changing a value. The converted files are checked by the
# SHA-256 of their content (for the .csv.gz: of the unpacked CSV; gzip headers differ).
# Licences differ per dataset (see docs/DATA.md): most are for research use only; do not
# redistribute them. The ctest DataChecksums runs --verify on RECLENS_DATA_DIR, so these
# checksums are known to match the copies the tests use.
set -euo pipefail

VERIFY=0
if [ "${1:-}" = --verify ]; then
  VERIFY=1
  shift
  if [ $# -eq 0 ]; then # the ctest: the folder the tests read
    if [ -z "${RECLENS_DATA_DIR:-}" ]; then
      echo "RECLENS_DATA_DIR is not set: point it at the datasets (scripts/get-data.sh DIR)" >&2
      exit 1
    fi
    set -- "$RECLENS_DATA_DIR"
  fi
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--verify] DIR" >&2
  exit 2
fi
DIR=$1

# The recorded files: folder/file, SHA-256, source URL ("convert:…" for converted files).
# BEGIN CHECKSUMS
read -r -d '' FILES <<'TABLE' || true
amazon-scientific-unisrec/Scientific.text 95887e6bda76e54f59b71b566320520d5da74e21d3b6ff8f20bfb6e8e84aa831 https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.text
amazon-scientific-unisrec/Scientific.item2index 896ab1017508cf20834d3d0537da9f8f624324223a835af272a98ba16f8c087a https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.item2index
amazon-scientific-unisrec/Scientific.user2index f0162b1a3a0c6b7e816f86208e7b36f65d6787923126f9558fbc6d368e4c4974 https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.user2index
amazon-scientific-unisrec/Scientific.train.inter 7284f6489d956fa20c9b64ffc84569264320edba5c3bc2fcb22db2ea083a1163 https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.train.inter
amazon-scientific-unisrec/Scientific.valid.inter 5f37c84d3b54617cdc46638c89dfe8741c7efc4987acd5eb64de2cbd4311f46c https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.valid.inter
amazon-scientific-unisrec/Scientific.test.inter 546da7e5f44002b4518d7fd58066684bc09613f76c240914e16976d57cfe7083 https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/Scientific.test.inter
amazon-videogames-llmrank/Games.item be9cea58a8de4f940a20b0ad6b58bad46b22fd6f9dbc82d1a1902e1c62e96ade https://raw.githubusercontent.com/RUCAIBox/LLMRank/5ec1154cb74cbf68ed5721212f1d7e79336c39c7/llmrank/dataset/Games/Games.item
amazon-videogames-llmrank/Games-6k.test.inter b241e4c8a52d2d41530fd073296e8bced4b61753e86ed6c51467c657704bab19 https://raw.githubusercontent.com/RUCAIBox/LLMRank/5ec1154cb74cbf68ed5721212f1d7e79336c39c7/llmrank/dataset/Games-6k/Games-6k.test.inter
movielens-latest-small/README.txt 1838ed9787419ef7cc9c77c4a9444c11fc2efbcf862f365004515d57e99bed85 https://raw.githubusercontent.com/LoryPack/BPMF/d5dc75f14f75725093609e837fe8fadc9264713c/data/ml-latest-small/README.txt
movielens-latest-small/ratings.csv 821795331fd974bbe7a8416f2a7eec2b548a485dedb47a073580b0a9a8a0a8d2 https://raw.githubusercontent.com/LoryPack/BPMF/d5dc75f14f75725093609e837fe8fadc9264713c/data/ml-latest-small/ratings.csv
movielens-latest-small/movies.csv a87480009b75ecd8d1e8f70700c534b6aefd57eed31b087ce8268ef6061a166c https://raw.githubusercontent.com/LoryPack/BPMF/d5dc75f14f75725093609e837fe8fadc9264713c/data/ml-latest-small/movies.csv
movielens-latest-small/tags.csv e0659bc6a79fb226cfaaedb9bc022fa611337d273badcc18325bebdc26a5e442 https://raw.githubusercontent.com/LoryPack/BPMF/d5dc75f14f75725093609e837fe8fadc9264713c/data/ml-latest-small/tags.csv
movielens-latest-small/links.csv 772cb400f68f03cc61b112a544601d25571b168788dab7dc96f462d93059c49f https://raw.githubusercontent.com/LoryPack/BPMF/d5dc75f14f75725093609e837fe8fadc9264713c/data/ml-latest-small/links.csv
uci-online-retail/onlineretail.rda d686c7ec387fdc64fde3a5b6f1c31d43751735f4053f34c92e677beacf5e0664 https://raw.githubusercontent.com/cran/onlineretail/f67bacaf2a60fe67ae216164925e142244df65d0/data/onlineretail.rda
uci-online-retail/pycaret_france.csv f7259480ee16d2e5aa2dfb86dc9e87cff6e189f0bea39b301fb3d2b3d5e59ddc https://raw.githubusercontent.com/pycaret/datasets/6999ad055606031b6c24d26e5a0ed71fede11f5f/data/common/france.csv
uci-online-retail/pycaret_germany.csv 38aa4afd00937158eee8fdde529588e4ec046ecbe9b853b023a33fa975c25581 https://raw.githubusercontent.com/pycaret/datasets/6999ad055606031b6c24d26e5a0ed71fede11f5f/data/common/germany.csv
uci-online-retail/online_retail.csv.gz#content 78f3654ba8479e64d7f29138bf6035f1d70d4b5e414c59f84dce6c2cc5781fb3 convert:uci-online-retail/onlineretail.rda
dunnhumby-complete-journey-sample/transactions_sample.csv 078ba200515d4c6057ba61e613093bc89520e1ab09585e68c174da260f4e4bf7 convert:dunnhumby-complete-journey-sample/transactions_sample.rda
dunnhumby-complete-journey-sample/products.csv ffebe0a1251d3ab769aceb8d6898dc6ef70dd0cd52a1421bfc239ff2fd084c5a convert:dunnhumby-complete-journey-sample/products.rda
dunnhumby-complete-journey-sample/demographics.csv d8afe568aca05d68defbac4652f7989cc7acea9985912501109afb2b9d5d4409 convert:dunnhumby-complete-journey-sample/demographics.rda
TABLE
# END CHECKSUMS

# The R originals of the converted files (downloaded into DIR/.originals, checked, converted).
read -r -d '' ORIGINALS <<'TABLE' || true
dunnhumby-complete-journey-sample/transactions_sample.rda 3abc5ec5a86c25913564a22314ea9ad2ab98160ebe77ee99672e0378929f0a03 https://raw.githubusercontent.com/bradleyboehmke/completejourney/5b5d06192b9856edd04e4d405787af2f2e4a1fef/data/transactions_sample.rda
dunnhumby-complete-journey-sample/products.rda a80c6df33623b4af296ae9f317a6647e369db7e8ce7e7baed0e1bf44b9d979e5 https://raw.githubusercontent.com/bradleyboehmke/completejourney/5b5d06192b9856edd04e4d405787af2f2e4a1fef/data/products.rda
dunnhumby-complete-journey-sample/demographics.rda 8b80455bc841003b64e47f5e5c2221f6093b995e923d59e72a1f852c7e268980 https://raw.githubusercontent.com/bradleyboehmke/completejourney/5b5d06192b9856edd04e4d405787af2f2e4a1fef/data/demographics.rda
TABLE

fail=0
sha_of() { # file [content]: the SHA-256 of the file, or of its unpacked content
  if [ "${2:-}" = content ]; then gzip -dc "$1" | sha256sum | cut -d' ' -f1
  else sha256sum "$1" | cut -d' ' -f1; fi
}
check() { # file expected-sha256 [content]: reports a missing or different file, goes on
  if [ ! -f "$1" ]; then
    echo "MISSING $1" >&2
    fail=1
    return 0
  fi
  local got
  got=$(sha_of "$1" "${3:-}")
  if [ "$got" != "$2" ]; then
    echo "CHECKSUM MISMATCH $1: expected $2, got $got" >&2
    fail=1
  fi
}

if [ "$VERIFY" = 1 ]; then
  DOC="$(dirname "$0")/../docs/DATA.md"
  n=0
  while read -r rel sha url; do
    [ -z "$rel" ] && continue
    n=$((n + 1))
    if [[ "$rel" == *"#content" ]]; then check "$DIR/${rel%#content}" "$sha" content
    else check "$DIR/$rel" "$sha"; fi
    if ! grep -q "$sha" "$DOC"; then
      echo "docs/DATA.md does not record $sha ($rel)" >&2
      fail=1
    fi
  done <<<"$FILES"
  [ "$fail" -eq 0 ] && echo "$n files in $DIR match the recorded SHA-256"
  exit "$fail"
fi
mkdir -p "$DIR"

download() { # relative-path sha256 url [root]
  local root=${4:-$DIR} out
  out="$root/$1"
  mkdir -p "$(dirname "$out")"
  if [ -f "$out" ] && [ "$(sha_of "$out")" = "$2" ]; then
    echo "have   $1"
    return 0
  fi
  echo "fetch  $1"
  if curl -fsSL --retry 3 -o "$out.part" "$3"; then
    mv "$out.part" "$out"
  else
    echo "DOWNLOAD FAILED $3" >&2
    rm -f "$out.part"
  fi
  check "$out" "$2"
}

while read -r rel sha url; do
  [ -n "$rel" ] && download "$rel" "$sha" "$url" "$DIR/.originals"
done <<<"$ORIGINALS"

while read -r rel sha url; do
  [ -z "$rel" ] && continue
  case "$url" in
    convert:*) ;; # after the downloads
    *) download "$rel" "$sha" "$url" ;;
  esac
done <<<"$FILES"

# The R data files, converted to CSV with every value unchanged.
convert() {
  python3 - "$DIR" <<'PY'
import csv, datetime, gzip, math, os, sys
import rdata

root = sys.argv[1]

def frame(path, name):
    parsed = rdata.parser.parse_file(path)
    return rdata.conversion.convert(parsed)[name]

def cell(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)

def write(df, out, opener=open, times=()):
    with opener(out, "wt", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(df.columns))
        for row in df.itertuples(index=False):
            vals = []
            for col, v in zip(df.columns, row):
                if col in times and v is not None and v == v:
                    v = int(v.timestamp()) if hasattr(v, "timestamp") else int(v)
                vals.append(cell(v))
            w.writerow(vals)

uci = os.path.join(root, "uci-online-retail")
df = frame(os.path.join(uci, "onlineretail.rda"), "onlineretail")
df["InvoiceDate"] = df["InvoiceDate"].dt.strftime("%Y-%m-%d %H:%M:%S")
write(df, os.path.join(uci, "online_retail.csv.gz"),
      opener=lambda p, m, **k: gzip.open(p, m, **k))

cj = os.path.join(root, "dunnhumby-complete-journey-sample")
orig = os.path.join(root, ".originals", "dunnhumby-complete-journey-sample")
for name, times in (("transactions_sample", ("transaction_timestamp",)),
                    ("products", ()), ("demographics", ())):
    write(frame(os.path.join(orig, name + ".rda"), name), os.path.join(cj, name + ".csv"),
          times=times)
PY
}
mkdir -p "$DIR/dunnhumby-complete-journey-sample"
if ! python3 -c "import rdata" 2>/dev/null; then
  echo "python3 module rdata missing (Debian: apt-get install python3-rdata):" \
       "UCI online_retail.csv.gz and the dunnhumby CSVs were not made" >&2
  fail=1
else
  convert
  while read -r rel sha url; do
    case "$url" in
      convert:*)
        if [[ "$rel" == *"#content" ]]; then check "$DIR/${rel%#content}" "$sha" content
        else check "$DIR/$rel" "$sha"; fi ;;
    esac
  done <<<"$FILES"
fi

if [ "$fail" -ne 0 ]; then
  echo "Some files are missing or differ from the recorded checksums (see above)." >&2
  exit 1
fi
echo "All datasets are in $DIR. Now: export RECLENS_DATA_DIR=$(cd "$DIR" && pwd)"
