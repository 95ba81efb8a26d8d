# Prints the image's size and fails the build if it is over budget.
#   cmake -DELF=... -DSIZE_TOOL=... -DFLASH_BUDGET=... -DRAM_BUDGET=... -P check_size.cmake
# Flash = everything loaded into the image's flash (code, constants, tables,
# .data's initial values). RAM = every section placed in SRAM, whatever its
# kind: the stack reserve, .data, .bss, and .journal where it lives in RAM (the
# QEMU image). A .journal in flash (the board's reserved sectors) is the store,
# reported apart. On failure the ELF is removed, so the next build links and
# checks again.
execute_process(COMMAND ${SIZE_TOOL} -A -d ${ELF} OUTPUT_VARIABLE sections RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SIZE_TOOL} failed on ${ELF}")
endif()

set(flash 0)
set(ram 0)
set(journal_flash 0)
set(ram_detail "")
set(unplaced "")
string(REPLACE "\n" ";" lines "${sections}")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^(\\.[A-Za-z0-9_.]+) +([0-9]+) +([0-9]+)")
    continue()
  endif()
  set(name ${CMAKE_MATCH_1})
  set(bytes ${CMAKE_MATCH_2})
  set(address ${CMAKE_MATCH_3})
  if(bytes EQUAL 0)
    continue()
  endif()
  if(address GREATER_EQUAL 134217728 AND address LESS 135266304)  # 0x08000000 + 1 MiB
    if(name STREQUAL ".journal")
      math(EXPR journal_flash "${journal_flash} + ${bytes}")
    else()
      math(EXPR flash "${flash} + ${bytes}")
    endif()
  elseif(address GREATER_EQUAL 536870912 AND address LESS 537001984)  # 0x20000000 + 128 KiB
    math(EXPR ram "${ram} + ${bytes}")
    string(APPEND ram_detail " ${name} ${bytes}")
    if(name STREQUAL ".data")
      math(EXPR flash "${flash} + ${bytes}")  # its initial values live in flash
    endif()
  elseif(address GREATER 0)
    list(APPEND unplaced "${name}@${address}")
  endif()
endforeach()

get_filename_component(image ${ELF} NAME_WE)
message("${image}: flash ${flash} B of ${FLASH_BUDGET} B budget; RAM ${ram} B of ${RAM_BUDGET} B "
        "budget (${ram_detail} ); journal in flash ${journal_flash} B")
if(unplaced)
  file(REMOVE ${ELF})
  message(FATAL_ERROR "${image}: sections outside flash and SRAM: ${unplaced}")
endif()
if(flash GREATER FLASH_BUDGET OR ram GREATER RAM_BUDGET)
  file(REMOVE ${ELF})
  message(FATAL_ERROR "${image} is over budget")
endif()
