# Run by CTest in place of the browser tests when a prerequisite is missing: fails with its name.
message(FATAL_ERROR "e2e_browser: browser tests cannot run; missing ${DATELINE_E2E_MISSING}")
