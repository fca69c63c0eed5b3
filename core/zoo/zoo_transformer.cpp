// Transformer-base encoder and GPT-1 decoder stacks on [tokens, hidden] tensors (C = hidden,
// H = tokens, W = 1). Embeddings are the Input layer; biases of the projections are counted.
#include "net_builder.h"
#include "zoo_models.h"

#include <string>

namespace cocco {
namespace zoo {

namespace {
struct StackSpec {
    const char *name;
    const char *prefix; // layer name prefix per block, e.g. "enc"
    int blocks;
    int64_t hidden;
    int heads;
    int64_t ffn;
    int64_t tokens;
};

// Post-LN blocks (as in "Attention is all you need" and GPT-1): attention, add, LayerNorm, FFN,
// add, LayerNorm. Attention is dense: GPT-1's causal mask changes values, not the shapes or the
// MACs counted here, so encoder and decoder blocks have the same graph.
Result<Network> stack(const StackSpec &s)
{
    NetBuilder b(s.name);
    int x = b.input("tokens", s.hidden, s.tokens, 1);
    for (int i = 0; i < s.blocks; ++i) {
        const std::string p = std::string(s.prefix) + std::to_string(i) + ".";
        const int q = b.linear(p + "attn.q", x, s.hidden);
        const int k = b.linear(p + "attn.k", x, s.hidden);
        const int v = b.linear(p + "attn.v", x, s.hidden);
        // Scores per head: C = heads·tokens (keys), H = tokens (queries); each score reduces over
        // d_head = hidden / heads, i.e. a grouped conv with inChannels = hidden, groups = heads.
        const int qk = b.matmul(p + "attn.qk", q, k, s.heads * s.tokens, s.hidden, s.heads);
        const int sm = b.softmax(p + "attn.softmax", qk);
        // Context: C = hidden, each element reduces over the tokens of its head.
        const int av = b.matmul(p + "attn.av", sm, v, s.hidden, s.heads * s.tokens, s.heads);
        const int o = b.linear(p + "attn.out", av, s.hidden);
        const int a1 = b.add(p + "attn.add", {o, x});
        const int n1 = b.layerNorm(p + "ln1", a1);
        const int f1 = b.linear(p + "ffn.fc1", n1, s.ffn);
        const int f2 = b.linear(p + "ffn.fc2", f1, s.hidden);
        const int a2 = b.add(p + "ffn.add", {f2, n1});
        x = b.layerNorm(p + "ln2", a2);
    }
    return b.finish();
}
} // namespace

Result<Network> transformerEncoder()
{
    return stack({"transformer", "enc", 6, 512, 8, 2048, 512});
}

Result<Network> gpt1()
{
    return stack({"gpt1", "dec", 12, 768, 12, 3072, 512});
}

} // namespace zoo
} // namespace cocco
