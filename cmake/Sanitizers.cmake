# PIISCAN_SANITIZE="address;undefined" builds everything with those sanitizers; errors abort
# (no recovery), so a test that trips one fails.
if(PIISCAN_SANITIZE)
  list(JOIN PIISCAN_SANITIZE "," sanitizers)
  add_compile_options(-fsanitize=${sanitizers} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${sanitizers})
endif()
