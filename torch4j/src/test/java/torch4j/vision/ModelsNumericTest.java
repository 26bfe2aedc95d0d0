package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Dropout;
import torch4j.nn.Module;
import torch4j.nn.Parameter;
import torch4j.nn.Sequential;
import torch4j.nn.functional.F;
import torch4j.testing.Json;
import torch4j.vision.models.BasicBlock;
import torch4j.vision.models.Bottleneck;
import torch4j.vision.models.InvertedResidual;
import torch4j.vision.models.LeNet5;
import torch4j.vision.models.MobileNetV2;
import torch4j.vision.models.Models;
import torch4j.vision.models.ResNet;

/**
 * Numbers against PyTorch/torchvision (tools/gen_refs_models.py): residual blocks in float64 with PyTorch's
 * parameters (output, input and parameter gradients, running statistics, eval output); whole models built under
 * the same seed as PyTorch (same initial weights, eval and training outputs, loss and gradients); LeNet-5 loaded
 * from a PyTorch state dict in safetensors form (output, loss, every gradient).
 */
class ModelsNumericTest {
    static Module block(String id) {
        return switch (id) {
            case "basic/4-4/s1" -> new BasicBlock(4, 4);
            case "basic/4-8/s2/downsample" -> new BasicBlock(4, 8, 2, new Sequential(ResNet.conv1x1(4, 8, 2), new BatchNorm2d(8)));
            case "bottleneck/16-4/s1" -> new Bottleneck(16, 4);
            case "bottleneck/8-4/s2/downsample" -> new Bottleneck(8, 4, 2, new Sequential(ResNet.conv1x1(8, 16, 2), new BatchNorm2d(16)));
            case "inverted_residual/4-4/s1/t2" -> new InvertedResidual(4, 4, 1, 2);
            case "inverted_residual/4-6/s2/t6" -> new InvertedResidual(4, 6, 2, 6);
            case "inverted_residual/4-4/s1/t1" -> new InvertedResidual(4, 4, 1, 1);
            default -> throw new IllegalArgumentException(id);
        };
    }

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> blocks() {
        return ModelsRefs.list(ModelsRefs.root(), "blocks").stream().map(o -> (Map<String, Object>) o);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void blockMatchesPyTorch(Map<String, Object> c) {
        String id = (String) c.get("id");
        Module b = block(id).to(DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : ModelsRefs.map(c, "params").entrySet()) state.put(e.getKey(), ModelsRefs.tensor(e.getValue()));
        b.loadStateDict(state);
        Tensor x = ModelsRefs.tensor(c.get("input")).requiresGrad_(true);
        Tensor out = b.call(x);
        out.backward(ModelsRefs.tensor(c.get("grad_output")));
        ModelsRefs.assertClose(ModelsRefs.tensor(c.get("output")), out, 1e-10, 1e-9, id + ": output");
        ModelsRefs.assertClose(ModelsRefs.tensor(c.get("grad_input")), x.grad(), 1e-10, 1e-9, id + ": grad input");
        Map<String, Parameter> params = b.namedParameters();
        Map<String, Object> grads = ModelsRefs.map(c, "grads");
        assertEquals(grads.keySet(), params.keySet(), id + ": parameters");
        for (var e : grads.entrySet())
            ModelsRefs.assertClose(ModelsRefs.tensor(e.getValue()), params.get(e.getKey()).grad(), 1e-10, 1e-9, id + ": grad " + e.getKey());
        Map<String, Tensor> after = b.stateDict();
        for (var e : ModelsRefs.map(c, "after").entrySet())
            ModelsRefs.assertClose(ModelsRefs.tensor(e.getValue()), after.get(e.getKey()), 1e-10, 1e-9, id + ": " + e.getKey());
        b.eval();
        try (var _ = Torch.noGrad()) {
            ModelsRefs.assertClose(ModelsRefs.tensor(c.get("eval_output")), b.call(x), 1e-10, 1e-9, id + ": eval output");
        }
    }

    static Module seededModel(String name) {
        return switch (name) {
            case "lenet5" -> new LeNet5();
            case "resnet18" -> Models.resnet18(new ResNet.Options().numClasses(10));
            case "mobilenet_v2" -> Models.mobilenetV2(new MobileNetV2.Options().numClasses(10));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<String> seeded() { return ModelsRefs.map(ModelsRefs.root(), "seeded").keySet().stream(); }

    /** |sum - e| within 1e-4 of the sum of magnitudes: float32 sums in a different order. */
    static void assertSums(List<?> exp, Tensor t, double rel, String what) {
        Tensor d = t.to(DType.FLOAT64);
        double s = ((Number) exp.get(0)).doubleValue(), a = ((Number) exp.get(1)).doubleValue();
        assertEquals(a, d.abs().sum().item(), rel * a + 1e-6, what + ": sum |x|");
        assertEquals(s, d.sum().item(), rel * a + 1e-6, what + ": sum");
    }

    /** With the same seed, torch4j builds the same weights as PyTorch, so the whole model's numbers must agree. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("seeded")
    void seededModelMatchesPyTorch(String name) {
        Map<String, Object> c = ModelsRefs.map(ModelsRefs.map(ModelsRefs.root(), "seeded"), name);
        Torch.manualSeed(0);
        Module m = seededModel(name);
        Map<String, Tensor> sd = m.stateDict();
        Map<String, Object> sums = ModelsRefs.map(c, "sums");
        assertEquals(List.copyOf(sums.keySet()), List.copyOf(sd.keySet()));
        for (var e : sums.entrySet()) assertSums((List<?>) e.getValue(), sd.get(e.getKey()), 1e-5, name + " init " + e.getKey());

        Torch.manualSeed(1);
        int[] shape = Json.ints(c.get("input"));
        Tensor x = Torch.randn(shape);
        Tensor y = Torch.randint(0, 10, new int[]{shape[0]});
        m.eval();
        try (var _ = Torch.noGrad()) {
            ModelsRefs.assertClose(ModelsRefs.tensor(c.get("eval_output")), m.call(x), 1e-4, 1e-3, name + ": eval output");
        }
        m.train();
        for (Module d : m.modules()) if (d instanceof Dropout) d.eval();
        Tensor out = m.call(x);
        Tensor loss = F.crossEntropy(out, y);
        loss.backward();
        ModelsRefs.assertClose(ModelsRefs.tensor(c.get("train_output")), out, 1e-4, 1e-3, name + ": train output");
        assertEquals(((Number) c.get("loss")).doubleValue(), loss.item(), 1e-4, name + ": loss");
        Map<String, Parameter> params = m.namedParameters();
        for (var e : ModelsRefs.map(c, "grad_sums").entrySet())
            assertSums((List<?>) e.getValue(), params.get(e.getKey()).grad(), 2e-3, name + " grad " + e.getKey());
    }

    /** PyTorch's LeNet-5 state dict (torchvision-style keys), as safetensors and as torch.save's .pth, through the weights builder. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lenet5.safetensors", "lenet5.pth"})
    void lenetFromPyTorchWeights(String file) {
        LeNet5 m = Models.lenet5(ModelsRefs.resource(file));
        Map<String, Tensor> check = Torch.loadStateDict(ModelsRefs.resource("lenet5_check.safetensors"));
        Tensor out = m.call(check.get("input"));
        Tensor loss = F.crossEntropy(out, check.get("target"));
        loss.backward();
        ModelsRefs.assertClose(check.get("output"), out, 1e-5, 1e-4, "output");
        assertEquals(check.get("loss").item(), loss.item(), 1e-5);
        for (var e : m.namedParameters().entrySet())
            ModelsRefs.assertClose(check.get("grad." + e.getKey()), e.getValue().grad(), 1e-6, 1e-3, "grad " + e.getKey());
    }

    @Test
    void weightsRoundTripThroughAFile(@TempDir Path dir) {
        Torch.manualSeed(3);
        var a = Models.mobilenetV2(new MobileNetV2.Options().numClasses(1000));
        Path f = dir.resolve("mobilenet_v2.safetensors");
        Torch.save(a.stateDict(), f);
        Torch.manualSeed(4);
        var b = Models.mobilenetV2(f);
        a.eval();
        b.eval();
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (var e : sa.entrySet()) assertTrue(e.getValue().equal(sb.get(e.getKey())), e.getKey());
        Tensor x = Torch.randn(1, 3, 32, 32);
        try (var _ = Torch.noGrad()) {
            ModelsRefs.assertClose(a.call(x), b.call(x), 1e-12, 1e-6, "reloaded model");
        }
    }

    @Test
    void weightsWithOtherKeysAreRejectedStrictly(@TempDir Path dir) {
        Path f = dir.resolve("lenet.safetensors");
        Torch.save(Models.lenet5(3).stateDict(), f);
        TorchException e = assertThrows(TorchException.class, () -> Models.lenet5(f));
        assertEquals("Error(s) in loading state_dict for LeNet5:\n\tsize mismatch for fc3.weight: copying a param with shape "
                + "torch.Size([3, 84]) from checkpoint, the shape in current model is torch.Size([10, 84]).\n\tsize mismatch for "
                + "fc3.bias: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is "
                + "torch.Size([10]).", e.getMessage());
        Path g = dir.resolve("lenet_missing.safetensors");
        Map<String, Tensor> sd = new LinkedHashMap<>(Models.lenet5().stateDict());
        sd.remove("fc3.bias");
        Torch.save(sd, g);
        e = assertThrows(TorchException.class, () -> Models.lenet5(g));
        assertEquals("Error(s) in loading state_dict for LeNet5:\n\tMissing key(s) in state_dict: \"fc3.bias\". ", e.getMessage());
    }
}
