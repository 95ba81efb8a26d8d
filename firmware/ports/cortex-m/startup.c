/* Reset and the vector table of a Cortex-M4F. Written in C because the table's
 * first word, the initial stack pointer, is an address constant C accepts in a
 * static initializer; C++ would turn the table into run-time initialised data. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

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
void UART_IRQHandler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*Vector)(void);

/* The 16 system exceptions, then the device interrupts the board uses (IRQ 0
 * stands for the line-feed UART here; a real board lists its MCU's table). */
__attribute__((section(".isr_vector"), used)) const Vector g_vectors[] = {
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
    UART_IRQHandler,
};

void Reset_Handler(void) {
  /* The FPU first: with -mfloat-abi=hard any function may use it. */
  volatile uint32_t* cpacr = (volatile uint32_t*)0xE000ED88u;
  *cpacr |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");

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
