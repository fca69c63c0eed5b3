# The Debian package: `cpack -G DEB` in the build folder writes cocco-workbench_VERSION_ARCH.deb
# from the install rules (cmake/install.cmake). Dependencies come from dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME cocco-workbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Cocco Workbench developers")
set(COCCO_PACKAGE_CONTACT "The Cocco Workbench developers <maintainers@cocco-workbench.invalid>" CACHE STRING
    "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT ${COCCO_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "DNN accelerator graph partitioning and on-chip buffer co-exploration")
set(CPACK_PACKAGE_DESCRIPTION
  "Cocco Workbench loads a neural network (model zoo, ONNX or JSON), partitions its graph into
subgraphs and searches the partition and the on-chip buffer sizes together with the genetic
algorithm of the Cocco paper (ASPLOS 2024), against greedy, DP, simulated-annealing and exact
baselines. It ships the Qt workbench (cocco-workbench) and the command-line tool (cocco).")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/cocco-workbench/cocco-workbench")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # cocco-workbench_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

include(CPack)
