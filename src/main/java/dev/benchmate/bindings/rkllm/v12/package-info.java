/**
 * The RKLLM runtime 1.2.x C ABI (librkllmrt.so 1.2.1 to 1.2.3, rkllm.h of rknn-llm v1.2.3): only
 * the structs whose layout differs from 1.3.x, named as the vendor names them. The structs both
 * releases share (RKLLMExtendParam, RKLLMResult, RKLLMEmbedInput, …) are the ones in
 * {@code dev.benchmate.bindings.rkllm}. LayoutAbiTest checks each against ../shared/abi.
 */
package dev.benchmate.bindings.rkllm.v12;
