# Strict warnings for our own targets only (third-party headers come in as system includes).
function(piiscan_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(PIISCAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
