# Browser end-to-end tests (tests/e2e): node's test runner drives Debian's /usr/bin/chromium
# through playwright-core against a real dateline-serve, over indexes built by dateline-index.
# A missing prerequisite (node, chromium, tests/e2e/node_modules) makes the test fail, never skip;
# scripts/test installs them (apt-get install chromium; npm ci --prefix tests/e2e).

find_program(DATELINE_NODE_EXECUTABLE node)
if(DATELINE_NODE_EXECUTABLE)
  add_test(NAME e2e_browser
           COMMAND ${DATELINE_NODE_EXECUTABLE} --test --test-reporter=spec ${CMAKE_CURRENT_SOURCE_DIR}/e2e/)
else()
  add_test(NAME e2e_browser
           COMMAND ${CMAKE_COMMAND} "-DDATELINE_E2E_MISSING=node (install nodejs and npm)"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/e2e/missing_prerequisite.cmake)
endif()
set_tests_properties(e2e_browser PROPERTIES
  ENVIRONMENT "DATELINE_INDEX_BIN=$<TARGET_FILE:dateline-index>;DATELINE_SERVE_BIN=$<TARGET_FILE:dateline-serve>;DATELINE_BUILD_DIR=${CMAKE_BINARY_DIR}"
  TIMEOUT 600
  # Chromium needs the machine's cores; run alone so no step waits behind other suites.
  RUN_SERIAL TRUE
  LABELS "e2e;browser")
