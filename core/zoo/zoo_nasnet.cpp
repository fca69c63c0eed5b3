// NASNet-A (Zoph et al., "Learning Transferable Architectures for Scalable Image Recognition",
// 2018), following the reference PyTorch port (Cadene's pretrainedmodels nasnet.py /
// nasnet_mobile.py): stem conv, two reduction-style stem cells, then N normal cells per stage with
// a reduction cell between stages; "N@F" names the penultimate width F = 24·filters.
#include "net_builder.h"
#include "zoo_models.h"

#include <string>

namespace cocco {
namespace zoo {

namespace {

class NasNet {
public:
    explicit NasNet(NetBuilder &b) : m_b(b) {}

    // ReLU-SepConv-BN applied twice (the NASNet "sep k×k" op). The first separable conv carries
    // the stride and, in the stem, the channel change (BranchSeparablesStem); otherwise the
    // channel change sits on the second point-wise conv.
    int sep(const std::string &n, int in, int64_t outC, int k, int s, bool stemStyle = false)
    {
        const int64_t inC = m_b.channels(in);
        const int64_t midC = stemStyle ? outC : inC;
        int x = m_b.dwConv(n + ".sep1.dw", in, k, s);
        x = m_b.conv(n + ".sep1.pw", x, midC, 1);
        x = m_b.dwConv(n + ".sep2.dw", x, k, 1);
        return m_b.conv(n + ".sep2.pw", x, outC, 1);
    }

    int conv1x1(const std::string &n, int in, int64_t outC) { return m_b.conv(n, in, outC, 1); }

    // Factorized reduction of the previous, twice-larger hidden state: two stride-2 1x1 convs, the
    // second on the input shifted by one pixel (pad + crop), concatenated. The shifted path needs
    // rows 2i..2i+1 for output i, so its window is 2 wide with stride 2.
    int factorizedReduction(const std::string &n, int in, int64_t outC)
    {
        const int a = m_b.conv(n + ".path_1", in, outC / 2, 1, 2);
        const int c = m_b.conv(n + ".path_2", in, outC - outC / 2, 1, 2);
        const Shape x = m_b.shape(in);
        Layer &l = m_b.layer(c);
        l.windows[0].h = {2, 2, 1, 0, static_cast<int>(2 * l.out.h - x.h), 1};
        l.windows[0].w = {2, 2, 1, 0, static_cast<int>(2 * l.out.w - x.w), 1};
        return m_b.concat(n + ".path_cat", {a, c});
    }

    // Normal cell: hidden states L (previous) and R (current), five combinations, output
    // concat(L, c0..c4).
    int normalCell(const std::string &n, int L, int R, int64_t f)
    {
        const int c0 = m_b.add(n + ".comb_iter_0", {sep(n + ".comb_iter_0_left", R, f, 5, 1), sep(n + ".comb_iter_0_right", L, f, 3, 1)});
        const int c1 = m_b.add(n + ".comb_iter_1", {sep(n + ".comb_iter_1_left", L, f, 5, 1), sep(n + ".comb_iter_1_right", L, f, 3, 1)});
        const int c2 = m_b.add(n + ".comb_iter_2", {m_b.avgPool(n + ".comb_iter_2_left", R, 3, 1, 1), L});
        const int c3 = m_b.add(n + ".comb_iter_3", {m_b.avgPool(n + ".comb_iter_3_left", L, 3, 1, 1),
                                                    m_b.avgPool(n + ".comb_iter_3_right", L, 3, 1, 1)});
        const int c4 = m_b.add(n + ".comb_iter_4", {sep(n + ".comb_iter_4_left", R, f, 3, 1), R});
        return m_b.concat(n + ".concat", {L, c0, c1, c2, c3, c4});
    }

    // Reduction cell combinations on A (pool inputs, the cell's conv_1x1 state) and B (the other
    // state); output concat(c1..c4). `stemB` marks the first stem cell, whose B is the raw stem
    // conv output with its own width.
    int reductionCombos(const std::string &n, int A, int B, int64_t f, bool stemB)
    {
        const int c0 = m_b.add(n + ".comb_iter_0", {sep(n + ".comb_iter_0_left", A, f, 5, 2), sep(n + ".comb_iter_0_right", B, f, 7, 2, stemB)});
        const int c1 = m_b.add(n + ".comb_iter_1", {m_b.maxPool(n + ".comb_iter_1_left", A, 3, 2, 1),
                                                    sep(n + ".comb_iter_1_right", B, f, 7, 2, stemB)});
        const int c2 = m_b.add(n + ".comb_iter_2", {m_b.avgPool(n + ".comb_iter_2_left", A, 3, 2, 1),
                                                    sep(n + ".comb_iter_2_right", B, f, 5, 2, stemB)});
        const int c3 = m_b.add(n + ".comb_iter_3", {m_b.avgPool(n + ".comb_iter_3_right", c0, 3, 1, 1), c1});
        const int c4 = m_b.add(n + ".comb_iter_4", {sep(n + ".comb_iter_4_left", c0, f, 3, 1),
                                                    m_b.maxPool(n + ".comb_iter_4_right", A, 3, 2, 1)});
        return m_b.concat(n + ".concat", {c1, c2, c3, c4});
    }

private:
    NetBuilder &m_b;
};

Result<Network> nasnetA(const std::string &name, int cellsPerStage, int64_t penultimate, int64_t stemFilters,
                        int64_t image)
{
    NetBuilder b(name);
    NasNet n(b);
    const int64_t f = penultimate / 24;
    int x = b.input("input", 3, image, image);
    const int conv0 = b.conv("conv0", x, stemFilters, 3, 2, 0);
    // Stem cell 0: A = 1x1 of the stem conv, B = the stem conv itself.
    const int s0a = n.conv1x1("cell_stem_0.conv_1x1", conv0, f / 4);
    const int stem0 = n.reductionCombos("cell_stem_0", s0a, conv0, f / 4, true);
    // Stem cell 1: A = 1x1 of stem 0, B = factorized reduction of the stem conv.
    const int s1a = n.conv1x1("cell_stem_1.conv_1x1", stem0, f / 2);
    const int s1b = n.factorizedReduction("cell_stem_1", conv0, f / 2);
    const int stem1 = n.reductionCombos("cell_stem_1", s1a, s1b, f / 2, false);

    int prev = stem0, cur = stem1;
    int index = 0;
    for (int stage = 0; stage < 3; ++stage) {
        const int64_t filters = f << stage;
        if (stage > 0) {
            const std::string rn = "reduction_cell_" + std::to_string(stage - 1);
            const int A = n.conv1x1(rn + ".conv_1x1", cur, filters);
            const int B = n.conv1x1(rn + ".conv_prev_1x1", prev, filters);
            const int red = n.reductionCombos(rn, A, B, filters, false);
            prev = cur;
            cur = red;
        }
        for (int i = 0; i < cellsPerStage; ++i, ++index) {
            const std::string cn = "cell_" + std::to_string(index);
            // The first cell after a reduction sees a previous state of twice the resolution.
            const int L = (i == 0) ? n.factorizedReduction(cn, prev, filters) : n.conv1x1(cn + ".conv_prev_1x1", prev, filters);
            const int R = n.conv1x1(cn + ".conv_1x1", cur, filters);
            const int out = n.normalCell(cn, L, R, filters);
            prev = cur;
            cur = out;
        }
    }
    x = b.globalPool("avg_pool", cur);
    b.fc("last_linear", x, 1000);
    return b.finish();
}
} // namespace

Result<Network> nasnetAMobile()
{
    return nasnetA("nasnet_a_mobile", 4, 1056, 32, 224);
}

Result<Network> nasnetALarge()
{
    return nasnetA("nasnet_a_large", 6, 4032, 96, 331);
}

} // namespace zoo
} // namespace cocco
