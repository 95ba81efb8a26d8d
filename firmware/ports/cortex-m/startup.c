/* Reset and the vector table of a Cortex-M4F. Written in C because the table's
 * first word, the initial stack pointer, is an address constant C accepts in a
 * static initializer; C++ would turn the table into run-time initialised data. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _sstack, _estack;

/* Painted over the unused stack at reset, so its high-water mark can be read
 * (the QEMU boot test reads it through the monitor). */
#define STACK_PAINT 0x57AC0DE5u

void __libc_init_array(void);
int main(void);

void Reset_Handler(void);
void Default_Handler(void);

/* A board replaces any of these by defining the function. */
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));
void USART1_IRQHandler(void) __attribute__((weak, alias("Default_Handler")));
void USART2_IRQHandler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*Vector)(void);

#define D Default_Handler
#define D4 D, D, D, D

/* The 16 system exceptions, then the STM32F401's interrupts up to the last one
 * the board uses: USART1 (IRQ 37, the modem) and USART2 (IRQ 38, the event
 * feed), RM0368 table 38. Lines never enabled point at Default_Handler. */
__attribute__((section(".isr_vector"), used)) const Vector g_vectors[16 + 39] = {
    (Vector)&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    D4,
    D4,
    D4,
    D4,
    D4,
    D4,
    D4,
    D4,
    D4,                /* IRQ 0-35 */
    D,                 /* IRQ 36 */
    USART1_IRQHandler, /* IRQ 37 */
    USART2_IRQHandler, /* IRQ 38 */
};

void Reset_Handler(void) {
  /* The FPU first: with -mfloat-abi=hard any function may use it. */
  volatile uint32_t* cpacr = (volatile uint32_t*)0xE000ED88u;
  *cpacr |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");

  uint32_t* sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = &_sstack; p < sp - 16; ++p) *p = STACK_PAINT;

  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;

  __libc_init_array(); /* C++ static constructors */
  main();
  for (;;) {
  }
}

void Default_Handler(void) {
  for (;;) {
  }
}
