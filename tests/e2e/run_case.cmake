# Runs one golden end-to-end case (CMake script mode, no Python needed):
#
#   cmake -DPIISCAN=<binary> -DCASE_DIR=<tests/e2e/cases/NAME> -DWORK_DIR=<scratch dir>
#         -P run_case.cmake
#
# A case folder holds
#   input/           the synthetic fixture tree (scanned as `input`, the case folder is the
#                    working directory)
#   args             the CLI arguments, one line, split like a POSIX shell would
#   expected.exit    the expected exit code
#   expected.json | expected.jsonl | expected.csv | expected.stdout
#                    the expected report: the -o/--output file when args name one (it is
#                    redirected into WORK_DIR so the source tree stays untouched), else stdout
#   expected.stderr  optional: compared too when present
#
# Volatile output is normalised before comparing: the number of "duration_ms" (JSON, JSONL)
# and of "scanned in N ms" (table) become 0. Everything else is compared byte for byte.
#
# With the environment variable PIISCAN_UPDATE_GOLDEN=1 the expected files are rewritten from
# the actual output instead (review the diff before committing it).

cmake_minimum_required(VERSION 3.16)

foreach(required PIISCAN CASE_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_case.cmake: -D${required}=... is required")
  endif()
endforeach()
get_filename_component(case_name "${CASE_DIR}" NAME)
if(NOT DEFINED WORK_DIR)
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/e2e-work/${case_name}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(update OFF)
if("$ENV{PIISCAN_UPDATE_GOLDEN}" STREQUAL "1")
  set(update ON)
endif()

# --- arguments --------------------------------------------------------------------------------
if(NOT EXISTS "${CASE_DIR}/args")
  message(FATAL_ERROR "${case_name}: missing args file")
endif()
file(STRINGS "${CASE_DIR}/args" args_lines)
list(LENGTH args_lines args_count)
if(NOT args_count EQUAL 1)
  message(FATAL_ERROR "${case_name}: args must hold exactly one line")
endif()
list(GET args_lines 0 args_line)
separate_arguments(raw_args UNIX_COMMAND "${args_line}")

# Redirect an -o/--output file into WORK_DIR; remember it so its content is compared.
set(args "")
set(output_file "")
set(take_output OFF)
foreach(arg IN LISTS raw_args)
  if(take_output)
    get_filename_component(output_name "${arg}" NAME)
    set(output_file "${WORK_DIR}/${output_name}")
    list(APPEND args "${output_file}")
    set(take_output OFF)
  elseif(arg STREQUAL "-o" OR arg STREQUAL "--output")
    list(APPEND args "${arg}")
    set(take_output ON)
  elseif(arg MATCHES "^--output=(.*)$")
    get_filename_component(output_name "${CMAKE_MATCH_1}" NAME)
    set(output_file "${WORK_DIR}/${output_name}")
    list(APPEND args "--output=${output_file}")
  else()
    list(APPEND args "${arg}")
  endif()
endforeach()

# --- which expected file ----------------------------------------------------------------------
set(expected_file "")
foreach(candidate expected.json expected.jsonl expected.csv expected.stdout)
  if(EXISTS "${CASE_DIR}/${candidate}")
    if(NOT expected_file STREQUAL "")
      message(FATAL_ERROR "${case_name}: more than one expected report file")
    endif()
    set(expected_file "${CASE_DIR}/${candidate}")
  endif()
endforeach()
if(expected_file STREQUAL "")
  if(NOT update)
    message(FATAL_ERROR "${case_name}: no expected.json/.jsonl/.csv/.stdout "
                        "(run with PIISCAN_UPDATE_GOLDEN=1 to create it)")
  endif()
  # First recording: name the file after the format the args ask for.
  set(expected_ext "stdout")
  if(args_line MATCHES "(-f|--format)[ =]+(json|jsonl|csv)( |$)")
    set(expected_ext "${CMAKE_MATCH_2}")
  endif()
  set(expected_file "${CASE_DIR}/expected.${expected_ext}")
endif()

# --- run --------------------------------------------------------------------------------------
execute_process(
  COMMAND "${PIISCAN}" ${args}
  WORKING_DIRECTORY "${CASE_DIR}"
  RESULT_VARIABLE actual_exit
  OUTPUT_VARIABLE actual_stdout
  ERROR_VARIABLE actual_stderr
  TIMEOUT 30)

if(NOT actual_exit MATCHES "^[0-9]+$")
  message(FATAL_ERROR "${case_name}: piiscan did not exit normally: ${actual_exit}\n"
                      "stderr:\n${actual_stderr}")
endif()

if(output_file STREQUAL "")
  set(actual_report "${actual_stdout}")
else()
  if(NOT EXISTS "${output_file}")
    set(actual_report "")
    message(STATUS "${case_name}: report file ${output_file} was not written")
  else()
    file(READ "${output_file}" actual_report)
  endif()
endif()

function(normalise var)
  set(text "${${var}}")
  string(REGEX REPLACE "(\"duration_ms\": ?)[0-9]+" "\\10" text "${text}")
  string(REGEX REPLACE "(scanned in )[0-9]+( ms)" "\\10\\2" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
normalise(actual_report)
normalise(actual_stderr)

# --- update or compare ------------------------------------------------------------------------
if(update)
  file(WRITE "${expected_file}" "${actual_report}")
  file(WRITE "${CASE_DIR}/expected.exit" "${actual_exit}\n")
  if(EXISTS "${CASE_DIR}/expected.stderr")
    file(WRITE "${CASE_DIR}/expected.stderr" "${actual_stderr}")
  endif()
  message(STATUS "${case_name}: golden files rewritten (exit ${actual_exit}); review the diff")
  return()
endif()

set(failures "")

if(NOT EXISTS "${CASE_DIR}/expected.exit")
  message(FATAL_ERROR "${case_name}: missing expected.exit")
endif()
file(STRINGS "${CASE_DIR}/expected.exit" expected_exit LIMIT_COUNT 1)
string(STRIP "${expected_exit}" expected_exit)
if(NOT actual_exit STREQUAL expected_exit)
  string(APPEND failures "exit code: expected ${expected_exit}, got ${actual_exit}\n")
endif()

function(compare label expected_path actual_text)
  file(READ "${expected_path}" expected_text)
  if(expected_text STREQUAL actual_text)
    return()
  endif()
  get_filename_component(ext "${expected_path}" EXT)
  set(actual_path "${WORK_DIR}/actual${ext}")
  file(WRITE "${actual_path}" "${actual_text}")
  find_program(DIFF_PROGRAM diff)
  set(diff_text "")
  if(DIFF_PROGRAM)
    execute_process(COMMAND "${DIFF_PROGRAM}" -u "${expected_path}" "${actual_path}"
                    OUTPUT_VARIABLE diff_text ERROR_QUIET)
  endif()
  set(failures "${failures}${label} differs from ${expected_path} (actual: ${actual_path})\n${diff_text}\n"
      PARENT_SCOPE)
endfunction()

compare("report" "${expected_file}" "${actual_report}")
if(EXISTS "${CASE_DIR}/expected.stderr")
  compare("stderr" "${CASE_DIR}/expected.stderr" "${actual_stderr}")
endif()

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "${case_name}: FAILED\n${failures}\nstderr of piiscan:\n${actual_stderr}")
endif()
message(STATUS "${case_name}: ok (exit ${actual_exit})")
