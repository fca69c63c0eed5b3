// The image CNNs, following torchvision's definitions layer for layer so that conv + FC
// parameters (BatchNorm folded, torchvision's bias=False convs) and MACs match PyTorch exactly.
#include "net_builder.h"
#include "zoo_models.h"

#include <algorithm>
#include <string>

namespace cocco {
namespace zoo {

namespace {
std::string str(int v)
{
    return std::to_string(v);
}
} // namespace

Result<Network> vgg16()
{
    NetBuilder b("vgg16");
    int x = b.input("input", 3, 224, 224);
    // torchvision cfg "D": conv3x3 (bias) counts per block, each block ends in a 2x2 max pool.
    const int blocks[5][2] = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < blocks[i][0]; ++j)
            x = b.conv("block" + str(i + 1) + ".conv" + str(j + 1), x, blocks[i][1], 3, 1, 1, 1, true);
        x = b.maxPool("block" + str(i + 1) + ".pool", x, 2, 2);
    }
    // The adaptive 7x7 average pool is the identity at 224x224 and is left out.
    x = b.fc("fc6", x, 4096);
    x = b.fc("fc7", x, 4096);
    b.fc("fc8", x, 1000);
    return b.finish();
}

Result<Network> resnet(int depth)
{
    const bool bottleneck = depth >= 50;
    int counts[4] = {2, 2, 2, 2};
    if (depth == 50) {
        const int c[4] = {3, 4, 6, 3};
        std::copy(c, c + 4, counts);
    } else if (depth == 152) {
        const int c[4] = {3, 8, 36, 3};
        std::copy(c, c + 4, counts);
    } else if (depth != 18) {
        return makeError("resnet depth " + str(depth) + " is not in the zoo (18, 50, 152)");
    }
    NetBuilder b("resnet" + str(depth));
    int x = b.input("input", 3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3);
    x = b.maxPool("maxpool", x, 3, 2, 1);
    const int expansion = bottleneck ? 4 : 1;
    for (int stage = 0; stage < 4; ++stage) {
        const int planes = 64 << stage;
        for (int blk = 0; blk < counts[stage]; ++blk) {
            const std::string p = "layer" + str(stage + 1) + "." + str(blk) + ".";
            const int stride = (stage > 0 && blk == 0) ? 2 : 1;
            int y;
            if (bottleneck) { // torchvision v1.5: the stride sits on the 3x3 conv
                y = b.conv(p + "conv1", x, planes, 1);
                y = b.conv(p + "conv2", y, planes, 3, stride, 1);
                y = b.conv(p + "conv3", y, planes * expansion, 1);
            } else {
                y = b.conv(p + "conv1", x, planes, 3, stride, 1);
                y = b.conv(p + "conv2", y, planes, 3, 1, 1);
            }
            int shortcut = x;
            if (stride != 1 || b.channels(x) != planes * expansion)
                shortcut = b.conv(p + "downsample", x, planes * expansion, 1, stride);
            x = b.add(p + "add", {y, shortcut});
        }
    }
    x = b.globalPool("avgpool", x);
    b.fc("fc", x, 1000);
    return b.finish();
}

Result<Network> googlenet()
{
    NetBuilder b("googlenet");
    int x = b.input("input", 3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3);
    x = b.maxPool("maxpool1", x, 3, 2, 0, true);
    x = b.conv("conv2", x, 64, 1);
    x = b.conv("conv3", x, 192, 3, 1, 1);
    x = b.maxPool("maxpool2", x, 3, 2, 0, true);
    // torchvision's Inception: the "5x5" branch uses a 3x3 conv (a known quirk of its weights port).
    auto inception = [&](const std::string &n, int in, int c1, int c3r, int c3, int c5r, int c5, int pp) {
        const int b1 = b.conv(n + ".branch1", in, c1, 1);
        int b2 = b.conv(n + ".branch2.0", in, c3r, 1);
        b2 = b.conv(n + ".branch2.1", b2, c3, 3, 1, 1);
        int b3 = b.conv(n + ".branch3.0", in, c5r, 1);
        b3 = b.conv(n + ".branch3.1", b3, c5, 3, 1, 1);
        int b4 = b.maxPool(n + ".branch4.0", in, 3, 1, 1, true);
        b4 = b.conv(n + ".branch4.1", b4, pp, 1);
        return b.concat(n + ".concat", {b1, b2, b3, b4});
    };
    x = inception("inception3a", x, 64, 96, 128, 16, 32, 32);
    x = inception("inception3b", x, 128, 128, 192, 32, 96, 64);
    x = b.maxPool("maxpool3", x, 3, 2, 0, true);
    x = inception("inception4a", x, 192, 96, 208, 16, 48, 64);
    x = inception("inception4b", x, 160, 112, 224, 24, 64, 64);
    x = inception("inception4c", x, 128, 128, 256, 24, 64, 64);
    x = inception("inception4d", x, 112, 144, 288, 32, 64, 64);
    x = inception("inception4e", x, 256, 160, 320, 32, 128, 128);
    x = b.maxPool("maxpool4", x, 2, 2, 0, true);
    x = inception("inception5a", x, 256, 160, 320, 32, 128, 128);
    x = inception("inception5b", x, 384, 192, 384, 48, 128, 128);
    x = b.globalPool("avgpool", x);
    b.fc("fc", x, 1000);
    return b.finish();
}

Result<Network> mobilenetV2()
{
    NetBuilder b("mobilenetv2");
    int x = b.input("input", 3, 224, 224);
    x = b.conv("features.0", x, 32, 3, 2, 1);
    // torchvision inverted-residual settings: expansion t, output channels c, repeats n, stride s.
    const int settings[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int index = 1;
    for (const auto &st : settings) {
        for (int i = 0; i < st[2]; ++i, ++index) {
            const std::string p = "features." + str(index) + ".";
            const int stride = i == 0 ? st[3] : 1;
            const int64_t inC = b.channels(x);
            int y = x;
            if (st[0] != 1)
                y = b.conv(p + "expand", y, inC * st[0], 1);
            y = b.dwConv(p + "dw", y, 3, stride);
            y = b.conv(p + "project", y, st[1], 1);
            if (stride == 1 && inC == st[1])
                y = b.add(p + "add", {y, x});
            x = y;
        }
    }
    x = b.conv("features." + str(index), x, 1280, 1);
    x = b.globalPool("avgpool", x);
    b.fc("classifier", x, 1000);
    return b.finish();
}

Result<Network> squeezenet10()
{
    NetBuilder b("squeezenet1_0");
    int x = b.input("input", 3, 224, 224);
    x = b.conv("features.0", x, 96, 7, 2, 0, 1, true);
    x = b.maxPool("features.2", x, 3, 2, 0, true);
    auto fire = [&](int idx, int in, int s, int e1, int e3) {
        const std::string p = "features." + str(idx) + ".";
        const int sq = b.conv(p + "squeeze", in, s, 1, 1, 0, 1, true);
        const int a = b.conv(p + "expand1x1", sq, e1, 1, 1, 0, 1, true);
        const int c = b.conv(p + "expand3x3", sq, e3, 3, 1, 1, 1, true);
        return b.concat(p + "concat", {a, c});
    };
    x = fire(3, x, 16, 64, 64);
    x = fire(4, x, 16, 64, 64);
    x = fire(5, x, 32, 128, 128);
    x = b.maxPool("features.6", x, 3, 2, 0, true);
    x = fire(7, x, 32, 128, 128);
    x = fire(8, x, 48, 192, 192);
    x = fire(9, x, 48, 192, 192);
    x = fire(10, x, 64, 256, 256);
    x = b.maxPool("features.11", x, 3, 2, 0, true);
    x = fire(12, x, 64, 256, 256);
    x = b.conv("classifier.1", x, 1000, 1, 1, 0, 1, true);
    b.globalPool("classifier.3", x);
    return b.finish();
}

} // namespace zoo
} // namespace cocco
