# Prints the image's size and fails the build if it is over budget.
#   cmake -DELF=... -DSIZE_TOOL=... -DFLASH_BUDGET=... -DRAM_BUDGET=... -P check_size.cmake
# Flash = everything loaded into flash (code, constants, tables, .data's image).
# Static RAM = .data + .bss; the .journal store is reported apart and not counted.
# On failure the ELF is removed, so the next build links and checks again.
execute_process(COMMAND ${SIZE_TOOL} ${ELF} OUTPUT_VARIABLE berkeley RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SIZE_TOOL} failed on ${ELF}")
endif()
execute_process(COMMAND ${SIZE_TOOL} -A -d ${ELF} OUTPUT_VARIABLE sections)

set(flash 0)
set(ram 0)
set(journal 0)
string(REPLACE "\n" ";" lines "${sections}")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^(\\.[A-Za-z0-9_.]+) +([0-9]+) +([0-9]+)")
    continue()
  endif()
  set(name ${CMAKE_MATCH_1})
  set(bytes ${CMAKE_MATCH_2})
  set(address ${CMAKE_MATCH_3})
  if(name STREQUAL ".journal")
    math(EXPR journal "${journal} + ${bytes}")
  elseif(address GREATER_EQUAL 134217728 AND address LESS 134479872)  # 0x08000000 + 256 KiB
    math(EXPR flash "${flash} + ${bytes}")
  elseif(address GREATER_EQUAL 536870912 AND address LESS 536936448)  # 0x20000000 + 64 KiB
    math(EXPR ram "${ram} + ${bytes}")
    if(name STREQUAL ".data")
      math(EXPR flash "${flash} + ${bytes}")  # its initial values live in flash
    endif()
  endif()
endforeach()

message("${berkeley}")
message("vigie-node-m4: flash ${flash} B of ${FLASH_BUDGET} B budget; static RAM ${ram} B of "
        "${RAM_BUDGET} B budget; journal ${journal} B (separate)")
if(flash GREATER FLASH_BUDGET OR ram GREATER RAM_BUDGET)
  file(REMOVE ${ELF})
  message(FATAL_ERROR "vigie-node-m4 is over budget")
endif()
