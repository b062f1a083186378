#!/usr/bin/env bash
# Installs everything RecLens needs to build, test and run, from Debian 12 packages only.
# Idempotent: safe to run again; apt-get skips what is already installed.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins
  libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev
  # Debian's LibTorch falls back to the slow reference BLAS unless an optimised one is present;
  # the OpenMP build of OpenBLAS was measured fastest on 2 cores (see docs/BENCHMARKS.md).
  libopenblas0-openmp
  nlohmann-json3-dev libgtest-dev libgmock-dev zlib1g-dev
  # Analysis project files (*.reclens) are SQLite databases.
  libsqlite3-dev
  # Used by tests and scripts: offscreen fonts, HTML/PDF validation.
  fonts-dejavu-core libxml2-utils poppler-utils xvfb xauth
  # libFuzzer targets (scripts/fuzz.sh): clang and its sanitizer/fuzzer runtimes.
  clang libclang-rt-14-dev
  # The Slurm test (tests/slurm/run-slurm-array.sh) starts its own single-node cluster.
  slurm-wlm munge
  # PyTorch 1.13 (the version of libtorch-dev) for tests/interop: a model trained in PyTorch must
  # give the same numbers in RecLens, and tests/data/torchscript/make_cases.py.
  python3-torch
)

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
