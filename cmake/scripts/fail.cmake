# A test that fails with a message: used where a prerequisite is missing, so nothing is
# silently skipped.
message(FATAL_ERROR "${MSG}")
