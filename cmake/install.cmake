# Install rules: `cmake --install BUILD --prefix P` lays the program out as docs/install.md shows.
# The samples go to share/cocco/samples, which core/io/sample_paths.cpp looks up next to the
# executables (../share/cocco/samples); keep the two in step.
include(GNUInstallDirs)

set(COCCO_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/cocco-workbench)
set(_res ${CMAKE_SOURCE_DIR}/resources)

install(TARGETS cocco RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/samples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cocco/samples)
install(FILES ${_res}/completion/cocco.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME cocco)

# Documentation: the README with docs/ beside it, so its links and pictures work where installed.
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${COCCO_DOC_DIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${COCCO_DOC_DIR}/docs)
install(FILES ${_res}/copyright DESTINATION ${COCCO_DOC_DIR})

# Man pages: configured with the version, then gzip-compressed as Debian wants them (-n: no time
# stamp, so the package is reproducible).
set(_man_pages cocco.1)
if(TARGET cocco-workbench)
  list(APPEND _man_pages cocco-workbench.1)
endif()
find_program(GZIP_PROGRAM gzip REQUIRED)
set(_man_outputs "")
foreach(page IN LISTS _man_pages)
  configure_file(${_res}/man/${page}.in ${CMAKE_BINARY_DIR}/man/${page} @ONLY)
  set(_out ${CMAKE_BINARY_DIR}/man/${page}.gz)
  add_custom_command(OUTPUT ${_out}
    COMMAND ${GZIP_PROGRAM} -9nf ${CMAKE_BINARY_DIR}/man/${page} -c > ${_out}
    DEPENDS ${CMAKE_BINARY_DIR}/man/${page})
  list(APPEND _man_outputs ${_out})
endforeach()
add_custom_target(cocco_man_pages ALL DEPENDS ${_man_outputs})
install(FILES ${_man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

if(TARGET cocco-workbench)
  install(TARGETS cocco-workbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${_res}/cocco-workbench.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${_res}/io.github.cocco_workbench.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${_res}/cocco-workbench-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
          RENAME cocco-workbench.xml)
  install(DIRECTORY ${_res}/icons/hicolor/ DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor)
  install(FILES ${_res}/icons/cocco-workbench.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()
