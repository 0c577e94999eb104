# Extraction tests: table-driven cases per module, the seed acceptance test, and the
# evaluation on the bundled sample (tests/fixtures/eval) with regression floors.
dateline_add_test(NAME test_extract
  SOURCES test_speakers.cpp test_attribution_rules.cpp test_countries.cpp test_dates.cpp test_seeds_acceptance.cpp test_text_folding.cpp
  LIBS dateline_extract)

add_test(NAME eval_extraction_sample
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/eval-extraction --sample
          --index $<TARGET_FILE:dateline-index>)
set_tests_properties(eval_extraction_sample PROPERTIES TIMEOUT 300)
