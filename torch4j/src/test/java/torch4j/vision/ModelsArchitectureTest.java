package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.BatchNorm;
import torch4j.nn.Conv2d;
import torch4j.nn.Dropout;
import torch4j.nn.Identity;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.Sequential;
import torch4j.testing.Json;
import torch4j.vision.models.BasicBlock;
import torch4j.vision.models.Bottleneck;
import torch4j.vision.models.MobileNetV2;
import torch4j.vision.models.Models;
import torch4j.vision.models.ResNet;

/**
 * Every model against torchvision 0.14 (tools/gen_refs_models.py → refs/models.json): parameter count, state_dict
 * keys and shapes in order, printed module tree and output shape; plus the options (numClasses, zeroInitResidual)
 * and replacing the head for fine-tuning.
 */
class ModelsArchitectureTest {
    static Module build(String name) {
        return switch (name) {
            case "lenet5" -> Models.lenet5();
            case "alexnet" -> Models.alexnet();
            case "vgg11" -> Models.vgg11();
            case "vgg11_bn" -> Models.vgg11Bn();
            case "vgg16" -> Models.vgg16();
            case "vgg16_bn" -> Models.vgg16Bn();
            case "resnet18" -> Models.resnet18();
            case "resnet34" -> Models.resnet34();
            case "resnet50" -> Models.resnet50();
            case "resnet101" -> Models.resnet101();
            case "mobilenet_v2" -> Models.mobilenetV2();
            case "resnext_tiny" -> new ResNet(ResNet.Block.BOTTLENECK, new int[]{1, 1, 1, 1},
                    new ResNet.Options().numClasses(10).groups(32).widthPerGroup(4));
            case "resnet_dilated_tiny" -> new ResNet(ResNet.Block.BOTTLENECK, new int[]{1, 1, 2, 1},
                    new ResNet.Options().numClasses(5).replaceStrideWithDilation(false, true, true));
            case "mobilenet_v2_width05" -> Models.mobilenetV2(new MobileNetV2.Options().numClasses(10).widthMult(0.5));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<String> names() { return ModelsRefs.map(ModelsRefs.root(), "models").keySet().stream(); }

    /** torch4j's ReLU/ReLU6 have no inplace flag (in-place or not, the results are the same). */
    static String normaliseRepr(String s) { return s.replace("ReLU(inplace=True)", "ReLU()").replace("ReLU6(inplace=True)", "ReLU6()"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void matchesTorchvision(String name) {
        Map<String, Object> ref = ModelsRefs.map(ModelsRefs.map(ModelsRefs.root(), "models"), name);
        Module m = build(name);
        long count = 0;
        for (var p : m.parameters()) count += p.numel();
        assertEquals(((Number) ref.get("params")).longValue(), count, name + ": parameter count");

        List<String> keys = new ArrayList<>(), expKeys = new ArrayList<>();
        List<String> shapes = new ArrayList<>(), expShapes = new ArrayList<>();
        for (var e : m.stateDict().entrySet()) {
            keys.add(e.getKey());
            shapes.add(java.util.Arrays.toString(e.getValue().shapeArray()));
        }
        for (Object o : ModelsRefs.list(ref, "state_dict")) {
            List<?> kv = (List<?>) o;
            expKeys.add((String) kv.get(0));
            expShapes.add(java.util.Arrays.toString(Json.ints(kv.get(1))));
        }
        assertEquals(expKeys, keys, name + ": state_dict keys");
        assertEquals(expShapes, shapes, name + ": state_dict shapes");

        if (ref.containsKey("repr")) assertEquals(normaliseRepr((String) ref.get("repr")), m.toString(), name + ": repr");

        if (ref.containsKey("input")) {
            m.eval();
            try (var _ = Torch.noGrad()) {
                Tensor y = m.call(Torch.zeros(Json.ints(ref.get("input"))));
                assertArrayEquals(Json.ints(ref.get("output")), y.shapeArray(), name + ": output shape");
            }
        }
    }

    @Test
    void numClassesSetsTheHead() {
        ResNet r = Models.resnet18(new ResNet.Options().numClasses(10));
        assertArrayEquals(new int[]{10, 512}, r.stateDict().get("fc.weight").shapeArray());
        assertArrayEquals(new int[]{10, 2048}, new ResNet(ResNet.Block.BOTTLENECK, new int[]{1, 1, 1, 1},
                new ResNet.Options().numClasses(10)).stateDict().get("fc.weight").shapeArray());
        assertArrayEquals(new int[]{7, 1280},
                Models.mobilenetV2(new MobileNetV2.Options().numClasses(7)).stateDict().get("classifier.1.weight").shapeArray());
        assertArrayEquals(new int[]{3, 84}, Models.lenet5(3).stateDict().get("fc3.weight").shapeArray());
    }

    @Test
    void torchvisionInitialisation() {
        Torch.manualSeed(0);
        ResNet r = Models.resnet18();
        for (Module m : r.modules()) {
            if (m instanceof BatchNorm b) {
                assertEquals(1.0, b.weight.min().item());
                assertEquals(1.0, b.weight.max().item());
                assertEquals(0.0, b.bias.abs().max().item());
            }
        }
        // kaiming_normal_(fan_out, relu): std = sqrt(2 / (out_channels * k * k))
        Tensor w = r.layer3.namedParameters().get("0.conv2.weight");
        double std = Math.sqrt(2.0 / (256 * 9));
        assertEquals(std, w.std().item(), 0.05 * std);
        assertEquals(0.0, w.mean().item(), 0.05 * std);
    }

    @Test
    void zeroInitResidualZeroesTheLastNormOfEachBlock() {
        ResNet basic = Models.resnet18(new ResNet.Options().zeroInitResidual(true));
        int blocks = 0;
        for (Module m : basic.modules()) {
            if (m instanceof BasicBlock b) {
                blocks++;
                assertEquals(0.0, ((BatchNorm) b.bn2).weight.abs().max().item());
                assertEquals(1.0, ((BatchNorm) b.bn1).weight.min().item());
            }
        }
        assertEquals(8, blocks);
        ResNet bottle = new ResNet(ResNet.Block.BOTTLENECK, new int[]{1, 1, 1, 1}, new ResNet.Options().zeroInitResidual(true));
        for (Module m : bottle.modules())
            if (m instanceof Bottleneck b) assertEquals(0.0, ((BatchNorm) b.bn3).weight.abs().max().item());
        // each residual branch is then zero, so a block passes relu(identity) through
        BasicBlock b = (BasicBlock) basic.layer1.get(0);
        b.eval();
        Tensor x = Torch.randn(1, 64, 4, 4);
        try (var _ = Torch.noGrad()) {
            ModelsRefs.assertClose(x.relu(), b.call(x), 1e-6, 0, "zero-init block");
        }
    }

    @Test
    void replacingTheHeadIsPickedUpByRegistration() {
        ResNet r = Models.resnet18();
        Linear head = new Linear(512, 10);
        r.fc = head;
        assertSame(head, r.namedChildren().get("fc"));
        assertArrayEquals(new int[]{10, 512}, r.stateDict().get("fc.weight").shapeArray());
        assertTrue(r.parameters().stream().anyMatch(p -> p == head.weight));
        assertEquals(11181642, r.parameters().stream().mapToLong(Tensor::numel).sum());
        // CIFAR stem, as people write it in Python
        r.conv1 = new Conv2d(new Conv2d.Options(3, 64, 3).stride(1).padding(1).bias(false));
        r.maxpool = new Identity();
        r.eval();
        try (var _ = Torch.noGrad()) {
            assertArrayEquals(new int[]{2, 10}, r.call(Torch.randn(2, 3, 32, 32)).shapeArray());
        }

        MobileNetV2 mb = Models.mobilenetV2();
        mb.classifier = new Linear(mb.lastChannel, 3);
        assertEquals(List.of("classifier.weight", "classifier.bias"),
                mb.stateDict().keySet().stream().filter(k -> k.startsWith("classifier")).toList());
        mb.classifier = new Sequential(new Dropout(0.3), new Linear(mb.lastChannel, 16), new Linear(16, 4));
        assertEquals(List.of("classifier.1.weight", "classifier.1.bias", "classifier.2.weight", "classifier.2.bias"),
                mb.stateDict().keySet().stream().filter(k -> k.startsWith("classifier")).toList());

        // freezing the backbone leaves only the new head trainable
        r.requiresGrad_(false);
        r.fc = new Linear(512, 3);
        assertEquals(List.of("fc.weight", "fc.bias"),
                r.namedParameters().entrySet().stream().filter(e -> e.getValue().requiresGrad()).map(Map.Entry::getKey).toList());
    }
}
