/*
 * The same probe for Benchmate's declaration of the RKLLM 1.2.x ABI (bm_rkllm12.h): the structs whose
 * layout differs from 1.3.x, as "SIZE <JavaClass> <bytes>" and "OFFSET <JavaClass> <field> <bytes>".
 * LayoutProbe12Test compiles it and compares each line with bindings.rkllm.v12.
 */
#include <stddef.h>
#include <stdio.h>

#include "bm_rkllm12.h"

#define SIZE(java, c) printf("SIZE %s %zu\n", #java, sizeof(c))
#define OFF(java, c, field) printf("OFFSET %s %s %zu\n", #java, #field, offsetof(c, field))

int main(void) {
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
    OFF(RKLLMParam, RKLLMParam, is_async);
    OFF(RKLLMParam, RKLLMParam, img_start);
    OFF(RKLLMParam, RKLLMParam, img_end);
    OFF(RKLLMParam, RKLLMParam, img_content);
    OFF(RKLLMParam, RKLLMParam, extend_param);

    SIZE(RKLLMMultiModalInput, RKLLMMultiModalInput);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, prompt);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, image_embed);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, n_image_tokens);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, n_image);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, image_width);
    OFF(RKLLMMultiModalInput, RKLLMMultiModalInput, image_height);

    SIZE(RKLLMInput, RKLLMInput);
    OFF(RKLLMInput, RKLLMInput, role);
    OFF(RKLLMInput, RKLLMInput, enable_thinking);
    OFF(RKLLMInput, RKLLMInput, input_type);
    printf("OFFSET RKLLMInput input %zu\n", offsetof(RKLLMInput, prompt_input));
    printf("SIZE RKLLMInputUnion %zu\n", sizeof(RKLLMInput) - offsetof(RKLLMInput, prompt_input));

    SIZE(RKLLMInferParam, RKLLMInferParam);
    OFF(RKLLMInferParam, RKLLMInferParam, mode);
    OFF(RKLLMInferParam, RKLLMInferParam, lora_params);
    OFF(RKLLMInferParam, RKLLMInferParam, prompt_cache_params);
    OFF(RKLLMInferParam, RKLLMInferParam, keep_history);
    return 0;
}
