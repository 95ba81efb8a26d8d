# Cross build for a Cortex-M4F with the Debian arm-none-eabi toolchain
# (gcc-arm-none-eabi, libnewlib-arm-none-eabi). Used by the `cortex-m` preset.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
find_program(VIGIE_ARM_SIZE arm-none-eabi-size REQUIRED)

# There is no OS to run a test program on: probe the compilers with a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(VIGIE_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
# Each function and object in its own section, so --gc-sections drops the unused.
set(VIGIE_SIZE_FLAGS "-Os -ffunction-sections -fdata-sections")
set(CMAKE_C_FLAGS_INIT "${VIGIE_CPU_FLAGS} ${VIGIE_SIZE_FLAGS}")
# No exceptions or RTTI; statics need no thread-safe guards on a single core loop.
set(CMAKE_CXX_FLAGS_INIT
    "${VIGIE_CPU_FLAGS} ${VIGIE_SIZE_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_ASM_FLAGS_INIT "${VIGIE_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")

# Look for libraries and headers in the target's sysroot only, programs on the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
