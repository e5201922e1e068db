# Runs one golden end-to-end case (CMake script mode, no Python needed):
#
#   cmake -DPIISCAN=<binary> -DCASE_DIR=<tests/e2e/cases/NAME> [-DWORK_DIR=<scratch dir>]
#         -P run_case.cmake
#
# A case folder holds
#   input/           the synthetic fixture tree; the case folder is the working directory, so
#                    args name it `input`
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
#
# Why hex: file(READ) and execute_process(OUTPUT_VARIABLE) turn CRLF into LF, and CSV reports
# end their rows with CRLF. So output is captured in files, read with file(READ ... HEX), turned
# into a list of byte pairs ("0d 0a "), normalised and compared in that form; it is turned back
# into bytes only to write an actual/expected file.

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

# --- helpers ----------------------------------------------------------------------------------

# Reads `path` as a string of byte pairs, each followed by a space ("7b 0a ").
function(read_bytes path out_var)
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "(..)" "\\1 " spaced "${hex}")
  set(${out_var} "${spaced}" PARENT_SCOPE)
endfunction()

# Writes the bytes of a byte-pair string (see read_bytes) to `path`.
function(write_bytes path spaced)
  string(STRIP "${spaced}" spaced)
  set(text "")
  if(NOT spaced STREQUAL "")
    string(REPLACE " " ";" pairs "${spaced}")
    foreach(pair IN LISTS pairs)
      math(EXPR code "0x${pair}")
      string(ASCII ${code} char)
      string(APPEND text "${char}")
    endforeach()
  endif()
  file(WRITE "${path}" "${text}")
endfunction()

# "duration_ms": 85  ->  "duration_ms": 0      (pretty JSON and compact JSONL)
# scanned in 85 ms   ->  scanned in 0 ms       (table)
function(normalise var)
  set(bytes "${${var}}")
  set(duration_key "22 64 75 72 61 74 69 6f 6e 5f 6d 73 22 3a ")  # "duration_ms":
  string(REGEX REPLACE "(${duration_key}(20 )?)(3[0-9] )+" "\\130 " bytes "${bytes}")
  set(scanned_in "73 63 61 6e 6e 65 64 20 69 6e 20 ")  # scanned in_
  string(REGEX REPLACE "(${scanned_in})(3[0-9] )+(20 6d 73 )" "\\130 \\3" bytes "${bytes}")
  set(${var} "${bytes}" PARENT_SCOPE)
endfunction()

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
    set(output_file "${WORK_DIR}/out/${output_name}")
    list(APPEND args "${output_file}")
    set(take_output OFF)
  elseif(arg STREQUAL "-o" OR arg STREQUAL "--output")
    list(APPEND args "${arg}")
    set(take_output ON)
  elseif(arg MATCHES "^--output=(.*)$")
    get_filename_component(output_name "${CMAKE_MATCH_1}" NAME)
    set(output_file "${WORK_DIR}/out/${output_name}")
    list(APPEND args "--output=${output_file}")
  else()
    list(APPEND args "${arg}")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK_DIR}/out")

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
  OUTPUT_FILE "${WORK_DIR}/stdout.raw"
  ERROR_FILE "${WORK_DIR}/stderr.raw"
  TIMEOUT 30)

if(NOT actual_exit MATCHES "^[0-9]+$")
  file(READ "${WORK_DIR}/stderr.raw" stderr_text)
  message(FATAL_ERROR "${case_name}: piiscan did not exit normally: ${actual_exit}\n"
                      "stderr:\n${stderr_text}")
endif()

if(output_file STREQUAL "")
  read_bytes("${WORK_DIR}/stdout.raw" actual_report)
elseif(EXISTS "${output_file}")
  read_bytes("${output_file}" actual_report)
else()
  message(STATUS "${case_name}: the report file ${output_file} was not written")
  set(actual_report "")
endif()
read_bytes("${WORK_DIR}/stderr.raw" actual_stderr)
normalise(actual_report)
normalise(actual_stderr)

# --- update or compare ------------------------------------------------------------------------
if(update)
  write_bytes("${expected_file}" "${actual_report}")
  file(WRITE "${CASE_DIR}/expected.exit" "${actual_exit}\n")
  if(EXISTS "${CASE_DIR}/expected.stderr")
    write_bytes("${CASE_DIR}/expected.stderr" "${actual_stderr}")
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

function(compare label expected_path actual_bytes)
  read_bytes("${expected_path}" expected_bytes)
  if(expected_bytes STREQUAL actual_bytes)
    return()
  endif()
  get_filename_component(ext "${expected_path}" EXT)
  set(actual_path "${WORK_DIR}/actual${ext}")
  write_bytes("${actual_path}" "${actual_bytes}")
  set(failures "${failures}${label} differs from ${expected_path} (actual: ${actual_path})\n"
      PARENT_SCOPE)
  find_program(DIFF_PROGRAM diff)
  if(DIFF_PROGRAM)
    # Straight to the console: message() would re-wrap the lines.
    execute_process(COMMAND "${DIFF_PROGRAM}" -u "${expected_path}" "${actual_path}")
  endif()
endfunction()

compare("report" "${expected_file}" "${actual_report}")
if(EXISTS "${CASE_DIR}/expected.stderr")
  compare("stderr" "${CASE_DIR}/expected.stderr" "${actual_stderr}")
endif()

if(NOT failures STREQUAL "")
  file(READ "${WORK_DIR}/stderr.raw" stderr_text)
  message("stderr of piiscan:\n${stderr_text}")
  message(FATAL_ERROR "${case_name}: FAILED\n${failures}")
endif()
message(STATUS "${case_name}: ok (exit ${actual_exit})")
