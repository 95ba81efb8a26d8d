# firmware/ports/cortex-m/check_size.cmake on crafted `size -A -d` tables: it
# counts every SRAM section (the stack and a RAM journal included), keeps a
# journal in flash apart, fails over either budget or on a section it cannot
# place, and removes the ELF when it fails.
#   cmake -DCHECK_SIZE=.../check_size.cmake -DWORK=<scratch dir> -P check_size_test.cmake
file(MAKE_DIRECTORY ${WORK})
# A stand-in for arm-none-eabi-size: prints the table kept beside the "ELF".
set(fake_size ${WORK}/fake-size)
file(WRITE ${fake_size} "#!/bin/sh\nfor last; do :; done\nexec cat \"$last.table\"\n")
file(CHMOD ${fake_size} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)

set(failures 0)
# name: the case; table: the sections; expect: PASS or FAIL; pattern: in the output.
function(check name table expect pattern)
  set(elf ${WORK}/${name}.elf)
  file(WRITE ${elf} "elf")
  file(WRITE ${elf}.table "${table}")
  execute_process(COMMAND ${CMAKE_COMMAND} -DELF=${elf} -DSIZE_TOOL=${fake_size}
    -DFLASH_BUDGET=65536 -DRAM_BUDGET=16384 -P ${CHECK_SIZE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(text "${out}${err}")
  set(ok TRUE)
  if(expect STREQUAL "PASS" AND NOT rc EQUAL 0)
    set(ok FALSE)
  elseif(expect STREQUAL "FAIL" AND (rc EQUAL 0 OR EXISTS ${elf}))
    set(ok FALSE)  # a failed check must also remove the ELF
  endif()
  if(NOT text MATCHES "${pattern}")
    set(ok FALSE)
  endif()
  if(NOT ok)
    message(SEND_ERROR "${name}: expected ${expect} matching '${pattern}', rc ${rc}:\n${text}")
    math(EXPR n "${failures} + 1")
    set(failures ${n} PARENT_SCOPE)
  else()
    message(STATUS "${name}: ok")
  endif()
endfunction()

set(board "section size addr
.isr_vector 220 134217728
.text 26112 134217984
.stack 3072 536870912
.data 1236 536873984
.bss 11888 536875224
.journal 393216 134348800
.comment 38 0
")
check(board_within_budget "${board}" PASS
  "flash 27568 B of 65536 B budget; RAM 16196 B of 16384 B budget \\( .stack 3072 .data 1236 .bss 11888 \\); journal in flash 393216 B")

# 200 B more stack and the image is over: the stack reserve counts.
string(REPLACE ".stack 3072" ".stack 3272" bigger_stack "${board}")
check(stack_counts "${bigger_stack}" FAIL "RAM 16396 B of 16384 B.*over budget")

# A journal in SRAM counts as RAM.
check(ram_journal_counts "section size addr
.text 20000 134217984
.data 1000 536870912
.bss 10000 536871912
.journal 8192 536881912
" FAIL "RAM 19192 B .* .journal 8192 .*over budget")

# Any other SRAM section counts too, whatever its name.
check(unknown_ram_section_counts "section size addr
.text 20000 134217984
.data 1000 536870912
.bss 10000 536871912
.noinit 6000 536881912
" FAIL "RAM 17000 B .*over budget")

check(flash_over_budget "section size addr
.text 65000 134217984
.data 600 536870912
" FAIL "flash 65600 B of 65536 B.*over budget")

# A loaded section outside flash and SRAM (a typo in a linker script) fails.
check(section_nowhere "section size addr
.text 20000 134217984
.data 1000 536870912
.ccmram 512 268435456
" FAIL "outside flash and SRAM: .ccmram@268435456")

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} check_size case(s) failed")
endif()
