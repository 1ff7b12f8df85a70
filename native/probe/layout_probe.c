/*
 * Prints the size of every struct of the two runtime ABIs and the offset of every field, as
 * "SIZE <JavaClass> <bytes>" and "OFFSET <JavaClass> <field> <bytes>". LayoutProbeTest compiles
 * this against native/include and compares each line with the JNA structure of the same name.
 */
#include <stddef.h>
#include <stdio.h>

#include "bm_rkllm.h"
#include "bm_rknn.h"

#define SIZE(java, c) printf("SIZE %s %zu\n", #java, sizeof(c))
#define OFF(java, c, field) printf("OFFSET %s %s %zu\n", #java, #field, offsetof(c, field))

int main(void) {
    SIZE(RKLLMExtendParam, RKLLMExtendParam);
    OFF(RKLLMExtendParam, RKLLMExtendParam, base_domain_id);
    OFF(RKLLMExtendParam, RKLLMExtendParam, embed_flash);
    OFF(RKLLMExtendParam, RKLLMExtendParam, enabled_cpus_num);
    OFF(RKLLMExtendParam, RKLLMExtendParam, enabled_cpus_mask);
    OFF(RKLLMExtendParam, RKLLMExtendParam, n_batch);
    OFF(RKLLMExtendParam, RKLLMExtendParam, use_cross_attn);
    OFF(RKLLMExtendParam, RKLLMExtendParam, reserved);

    SIZE(RKLLMParam, RKLLMParam);
    OFF(RKLLMParam, RKLLMParam, model_path);
    OFF(RKLLMParam, RKLLMParam, max_context_len);
    OFF(RKLLMParam, RKLLMParam, max_new_tokens);
    OFF(RKLLMParam, RKLLMParam, top_k);
    OFF(RKLLMParam, RKLLMParam, n_keep);
    OFF(RKLLMParam, RKLLMParam, top_p);
    OFF(RKLLMParam, RKLLMParam, temperature);
    OFF(RKLLMParam, RKLLMParam, repeat_penalty);
    OFF(RKLLMParam, RKLLMParam, frequency_penalty);
    OFF(RKLLMParam, RKLLMParam, presence_penalty);
    OFF(RKLLMParam, RKLLMParam, mirostat);
    OFF(RKLLMParam, RKLLMParam, mirostat_tau);
    OFF(RKLLMParam, RKLLMParam, mirostat_eta);
    OFF(RKLLMParam, RKLLMParam, skip_special_token);
    OFF(RKLLMParam, RKLLMParam, ignore_eos_token);
    OFF(RKLLMParam, RKLLMParam, is_async);
    OFF(RKLLMParam, RKLLMParam, extend_param);

    SIZE(RKLLMLoraAdapter, RKLLMLoraAdapter);
    OFF(RKLLMLoraAdapter, RKLLMLoraAdapter, lora_adapter_path);
    OFF(RKLLMLoraAdapter, RKLLMLoraAdapter, lora_adapter_name);
    OFF(RKLLMLoraAdapter, RKLLMLoraAdapter, scale);

    SIZE(RKLLMEmbedInput, RKLLMEmbedInput);
    OFF(RKLLMEmbedInput, RKLLMEmbedInput, embed);
    OFF(RKLLMEmbedInput, RKLLMEmbedInput, n_tokens);

    SIZE(RKLLMTokenInput, RKLLMTokenInput);
    OFF(RKLLMTokenInput, RKLLMTokenInput, input_ids);
    OFF(RKLLMTokenInput, RKLLMTokenInput, n_tokens);

    SIZE(RKLLMImageInput, RKLLMImageInput);
    OFF(RKLLMImageInput, RKLLMImageInput, image_embed);
    OFF(RKLLMImageInput, RKLLMImageInput, n_image_tokens);
    OFF(RKLLMImageInput, RKLLMImageInput, n_image);
    OFF(RKLLMImageInput, RKLLMImageInput, image_start);
    OFF(RKLLMImageInput, RKLLMImageInput, image_end);
    OFF(RKLLMImageInput, RKLLMImageInput, image_content);
    OFF(RKLLMImageInput, RKLLMImageInput, image_width);
    OFF(RKLLMImageInput, RKLLMImageInput, image_height);

    SIZE(RKLLMVideoInput, RKLLMVideoInput);
    OFF(RKLLMVideoInput, RKLLMVideoInput, video_embed);
    OFF(RKLLMVideoInput, RKLLMVideoInput, n_frame_tokens);
    OFF(RKLLMVideoInput, RKLLMVideoInput, n_frame_per_video);
    OFF(RKLLMVideoInput, RKLLMVideoInput, n_video);
    OFF(RKLLMVideoInput, RKLLMVideoInput, video_start);
    OFF(RKLLMVideoInput, RKLLMVideoInput, video_end);
    OFF(RKLLMVideoInput, RKLLMVideoInput, video_content);
    OFF(RKLLMVideoInput, RKLLMVideoInput, frame_width);
    OFF(RKLLMVideoInput, RKLLMVideoInput, frame_height);

    SIZE(RKLLMMultiModalInput, RKLLMMultiModalInput);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, prompt);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, image);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, video);

    /* The anonymous union: every member starts where the union does; Java names it "input". */
    SIZE(RKLLMInput, RKLLMInput);
    OFF(RKLLMInput, RKLLMInput, role);
    OFF(RKLLMInput, RKLLMInput, enable_thinking);
    OFF(RKLLMInput, RKLLMInput, input_type);
    printf("OFFSET RKLLMInput input %zu\n", offsetof(RKLLMInput, prompt_input));
    printf("SIZE RKLLMInputUnion %zu\n", sizeof(RKLLMInput) - offsetof(RKLLMInput, prompt_input));
    printf("UNION RKLLMInput prompt_input %zu\n", offsetof(RKLLMInput, prompt_input));
    printf("UNION RKLLMInput embed_input %zu\n", offsetof(RKLLMInput, embed_input));
    printf("UNION RKLLMInput token_input %zu\n", offsetof(RKLLMInput, token_input));
    printf("UNION RKLLMInput multimodal_input %zu\n", offsetof(RKLLMInput, multimodal_input));

    SIZE(RKLLMLoraParam, RKLLMLoraParam);
    OFF(RKLLMLoraParam, RKLLMLoraParam, lora_adapter_name);

    SIZE(RKLLMPromptCacheParam, RKLLMPromptCacheParam);
    OFF(RKLLMPromptCacheParam, RKLLMPromptCacheParam, save_prompt_cache);
    OFF(RKLLMPromptCacheParam, RKLLMPromptCacheParam, prompt_cache_path);

    SIZE(RKLLMCrossAttnParam, RKLLMCrossAttnParam);
    OFF(RKLLMCrossAttnParam, RKLLMCrossAttnParam, encoder_k_cache);
    OFF(RKLLMCrossAttnParam, RKLLMCrossAttnParam, encoder_v_cache);
    OFF(RKLLMCrossAttnParam, RKLLMCrossAttnParam, encoder_mask);
    OFF(RKLLMCrossAttnParam, RKLLMCrossAttnParam, encoder_pos);
    OFF(RKLLMCrossAttnParam, RKLLMCrossAttnParam, num_tokens);

    SIZE(RKLLMSamplingParam, RKLLMSamplingParam);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, top_k);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, top_p);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, temperature);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, repeat_penalty);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, frequency_penalty);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, presence_penalty);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, mirostat);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, mirostat_tau);
    OFF(RKLLMSamplingParam, RKLLMSamplingParam, mirostat_eta);

    SIZE(RKLLMInferParam, RKLLMInferParam);
    OFF(RKLLMInferParam, RKLLMInferParam, mode);
    OFF(RKLLMInferParam, RKLLMInferParam, lora_params);
    OFF(RKLLMInferParam, RKLLMInferParam, prompt_cache_params);
    OFF(RKLLMInferParam, RKLLMInferParam, sampling_params);
    OFF(RKLLMInferParam, RKLLMInferParam, keep_history);
    OFF(RKLLMInferParam, RKLLMInferParam, max_new_tokens);

    SIZE(RKLLMResultLastHiddenLayer, RKLLMResultLastHiddenLayer);
    OFF(RKLLMResultLastHiddenLayer, RKLLMResultLastHiddenLayer, hidden_states);
    OFF(RKLLMResultLastHiddenLayer, RKLLMResultLastHiddenLayer, embd_size);
    OFF(RKLLMResultLastHiddenLayer, RKLLMResultLastHiddenLayer, num_tokens);

    SIZE(RKLLMResultLogits, RKLLMResultLogits);
    OFF(RKLLMResultLogits, RKLLMResultLogits, logits);
    OFF(RKLLMResultLogits, RKLLMResultLogits, vocab_size);
    OFF(RKLLMResultLogits, RKLLMResultLogits, num_tokens);

    SIZE(RKLLMPerfStat, RKLLMPerfStat);
    OFF(RKLLMPerfStat, RKLLMPerfStat, prefill_time_ms);
    OFF(RKLLMPerfStat, RKLLMPerfStat, prefill_tokens);
    OFF(RKLLMPerfStat, RKLLMPerfStat, generate_time_ms);
    OFF(RKLLMPerfStat, RKLLMPerfStat, generate_tokens);
    OFF(RKLLMPerfStat, RKLLMPerfStat, memory_usage_mb);

    SIZE(RKLLMResult, RKLLMResult);
    OFF(RKLLMResult, RKLLMResult, text);
    OFF(RKLLMResult, RKLLMResult, token_id);
    OFF(RKLLMResult, RKLLMResult, last_hidden_layer);
    OFF(RKLLMResult, RKLLMResult, logits);
    OFF(RKLLMResult, RKLLMResult, perf);

    SIZE(RKLLMCallback, RKLLMCallback);
    OFF(RKLLMCallback, RKLLMCallback, result_callback);
    OFF(RKLLMCallback, RKLLMCallback, result_userdata);
    OFF(RKLLMCallback, RKLLMCallback, tokenizer_callback);
    OFF(RKLLMCallback, RKLLMCallback, tokenizer_userdata);
    OFF(RKLLMCallback, RKLLMCallback, embed_callback);
    OFF(RKLLMCallback, RKLLMCallback, embed_userdata);

    SIZE(RknnInputOutputNum, rknn_input_output_num);
    OFF(RknnInputOutputNum, rknn_input_output_num, n_input);
    OFF(RknnInputOutputNum, rknn_input_output_num, n_output);

    SIZE(RknnTensorAttr, rknn_tensor_attr);
    OFF(RknnTensorAttr, rknn_tensor_attr, index);
    OFF(RknnTensorAttr, rknn_tensor_attr, n_dims);
    OFF(RknnTensorAttr, rknn_tensor_attr, dims);
    OFF(RknnTensorAttr, rknn_tensor_attr, name);
    OFF(RknnTensorAttr, rknn_tensor_attr, n_elems);
    OFF(RknnTensorAttr, rknn_tensor_attr, size);
    OFF(RknnTensorAttr, rknn_tensor_attr, fmt);
    OFF(RknnTensorAttr, rknn_tensor_attr, type);
    OFF(RknnTensorAttr, rknn_tensor_attr, qnt_type);
    OFF(RknnTensorAttr, rknn_tensor_attr, fl);
    OFF(RknnTensorAttr, rknn_tensor_attr, zp);
    OFF(RknnTensorAttr, rknn_tensor_attr, scale);
    OFF(RknnTensorAttr, rknn_tensor_attr, w_stride);
    OFF(RknnTensorAttr, rknn_tensor_attr, size_with_stride);
    OFF(RknnTensorAttr, rknn_tensor_attr, pass_through);
    OFF(RknnTensorAttr, rknn_tensor_attr, h_stride);

    SIZE(RknnSdkVersion, rknn_sdk_version);
    OFF(RknnSdkVersion, rknn_sdk_version, api_version);
    OFF(RknnSdkVersion, rknn_sdk_version, drv_version);

    SIZE(RknnPerfRun, rknn_perf_run);
    OFF(RknnPerfRun, rknn_perf_run, run_duration);

    SIZE(RknnInput, rknn_input);
    OFF(RknnInput, rknn_input, index);
    OFF(RknnInput, rknn_input, buf);
    OFF(RknnInput, rknn_input, size);
    OFF(RknnInput, rknn_input, pass_through);
    OFF(RknnInput, rknn_input, type);
    OFF(RknnInput, rknn_input, fmt);

    SIZE(RknnOutput, rknn_output);
    OFF(RknnOutput, rknn_output, want_float);
    OFF(RknnOutput, rknn_output, is_prealloc);
    OFF(RknnOutput, rknn_output, index);
    OFF(RknnOutput, rknn_output, buf);
    OFF(RknnOutput, rknn_output, size);

    SIZE(RknnInitExtend, rknn_init_extend);
    OFF(RknnInitExtend, rknn_init_extend, ctx);
    OFF(RknnInitExtend, rknn_init_extend, real_model_offset);
    OFF(RknnInitExtend, rknn_init_extend, real_model_size);
    OFF(RknnInitExtend, rknn_init_extend, model_buffer_fd);
    OFF(RknnInitExtend, rknn_init_extend, model_buffer_flags);
    OFF(RknnInitExtend, rknn_init_extend, reserved);

    SIZE(RknnRunExtend, rknn_run_extend);
    OFF(RknnRunExtend, rknn_run_extend, frame_id);
    OFF(RknnRunExtend, rknn_run_extend, non_block);
    OFF(RknnRunExtend, rknn_run_extend, timeout_ms);
    OFF(RknnRunExtend, rknn_run_extend, fence_fd);

    SIZE(RknnOutputExtend, rknn_output_extend);
    OFF(RknnOutputExtend, rknn_output_extend, frame_id);
    return 0;
}
