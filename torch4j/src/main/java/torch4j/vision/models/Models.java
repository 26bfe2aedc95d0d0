package torch4j.vision.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.Module;

/**
 * Model builders, as {@code torchvision.models.resnet18(…)} and friends. Each architecture has three builders:
 * default ({@code Models.resnet18()}, 1000 classes, torchvision's initialisation from the default generator),
 * with options ({@code Models.resnet18(new ResNet.Options().numClasses(10))}) and with weights
 * ({@code Models.resnet18(Path.of("resnet18-f37072fd.pth"))}): a state dict with torchvision's keys, loaded strictly,
 * either a PyTorch checkpoint ({@code torch.save(model.state_dict(), f)}, such as torchvision's downloaded weights)
 * or a safetensors file ({@link Torch#save} or Python's {@code safetensors.torch.save_file}).
 * <pre>{@code
 * ResNet model = Models.resnet18(Path.of("resnet18.safetensors"));
 * model.fc = new Linear(512, 10);   // new head for fine-tuning
 * }</pre>
 */
public final class Models {
    private Models() {}

    /** {@code model.load_state_dict(torch.load(weights), strict=True)}; returns the model. */
    public static <M extends Module> M load(M model, Path weights) {
        model.loadStateDict(readStateDict(weights), true);
        return model;
    }

    /** A state dict from a safetensors file or a PyTorch checkpoint (.pt/.pth, zip or legacy), told apart by content. */
    public static Map<String, Tensor> readStateDict(Path path) {
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        // safetensors opens with an 8-byte header length and then the JSON header's '{'
        boolean safetensors = n == head.length && head[8] == '{';
        return safetensors ? Torch.loadStateDict(path) : torch4j.io.PtFile.loadStateDict(path);
    }

    // ------------------------------------------------------------------ LeNet-5

    /** LeNet-5 for 28×28 MNIST images, 10 classes. */
    public static LeNet5 lenet5() { return new LeNet5(); }

    /** LeNet-5 with {@code numClasses} outputs. */
    public static LeNet5 lenet5(int numClasses) { return new LeNet5(numClasses); }

    /** LeNet-5 (10 classes) with the state dict in {@code weights}. */
    public static LeNet5 lenet5(Path weights) { return load(new LeNet5(), weights); }

    // ------------------------------------------------------------------ AlexNet

    /** Same as torchvision.models.alexnet(). */
    public static AlexNet alexnet() { return new AlexNet(); }

    /** Same as torchvision.models.alexnet(num_classes=…, dropout=…). */
    public static AlexNet alexnet(AlexNet.Options options) { return new AlexNet(options); }

    /** Same as torchvision.models.alexnet() loaded with the state dict in {@code weights}. */
    public static AlexNet alexnet(Path weights) { return load(new AlexNet(), weights); }

    // ------------------------------------------------------------------ VGG

    private static VGG vgg(VGG.Config cfg, boolean bn, VGG.Options o) { return new VGG(VGG.makeLayers(cfg, bn), o); }

    /** Same as torchvision.models.vgg11(). */
    public static VGG vgg11() { return vgg11(new VGG.Options()); }

    public static VGG vgg11(VGG.Options options) { return vgg(VGG.Config.A, false, options); }

    public static VGG vgg11(Path weights) { return load(vgg11(), weights); }

    /** Same as torchvision.models.vgg11_bn(). */
    public static VGG vgg11Bn() { return vgg11Bn(new VGG.Options()); }

    public static VGG vgg11Bn(VGG.Options options) { return vgg(VGG.Config.A, true, options); }

    public static VGG vgg11Bn(Path weights) { return load(vgg11Bn(), weights); }

    /** Same as torchvision.models.vgg13(). */
    public static VGG vgg13() { return vgg13(new VGG.Options()); }

    public static VGG vgg13(VGG.Options options) { return vgg(VGG.Config.B, false, options); }

    public static VGG vgg13(Path weights) { return load(vgg13(), weights); }

    /** Same as torchvision.models.vgg13_bn(). */
    public static VGG vgg13Bn() { return vgg13Bn(new VGG.Options()); }

    public static VGG vgg13Bn(VGG.Options options) { return vgg(VGG.Config.B, true, options); }

    public static VGG vgg13Bn(Path weights) { return load(vgg13Bn(), weights); }

    /** Same as torchvision.models.vgg16(). */
    public static VGG vgg16() { return vgg16(new VGG.Options()); }

    public static VGG vgg16(VGG.Options options) { return vgg(VGG.Config.D, false, options); }

    public static VGG vgg16(Path weights) { return load(vgg16(), weights); }

    /** Same as torchvision.models.vgg16_bn(). */
    public static VGG vgg16Bn() { return vgg16Bn(new VGG.Options()); }

    public static VGG vgg16Bn(VGG.Options options) { return vgg(VGG.Config.D, true, options); }

    public static VGG vgg16Bn(Path weights) { return load(vgg16Bn(), weights); }

    /** Same as torchvision.models.vgg19(). */
    public static VGG vgg19() { return vgg19(new VGG.Options()); }

    public static VGG vgg19(VGG.Options options) { return vgg(VGG.Config.E, false, options); }

    public static VGG vgg19(Path weights) { return load(vgg19(), weights); }

    /** Same as torchvision.models.vgg19_bn(). */
    public static VGG vgg19Bn() { return vgg19Bn(new VGG.Options()); }

    public static VGG vgg19Bn(VGG.Options options) { return vgg(VGG.Config.E, true, options); }

    public static VGG vgg19Bn(Path weights) { return load(vgg19Bn(), weights); }

    // ------------------------------------------------------------------ ResNet

    /** Same as torchvision.models.resnet18(): BasicBlock, [2, 2, 2, 2]. */
    public static ResNet resnet18() { return resnet18(new ResNet.Options()); }

    public static ResNet resnet18(ResNet.Options options) { return new ResNet(ResNet.Block.BASIC, new int[]{2, 2, 2, 2}, options); }

    public static ResNet resnet18(Path weights) { return load(resnet18(), weights); }

    /** Same as torchvision.models.resnet34(): BasicBlock, [3, 4, 6, 3]. */
    public static ResNet resnet34() { return resnet34(new ResNet.Options()); }

    public static ResNet resnet34(ResNet.Options options) { return new ResNet(ResNet.Block.BASIC, new int[]{3, 4, 6, 3}, options); }

    public static ResNet resnet34(Path weights) { return load(resnet34(), weights); }

    /** Same as torchvision.models.resnet50(): Bottleneck, [3, 4, 6, 3]. */
    public static ResNet resnet50() { return resnet50(new ResNet.Options()); }

    public static ResNet resnet50(ResNet.Options options) { return new ResNet(ResNet.Block.BOTTLENECK, new int[]{3, 4, 6, 3}, options); }

    public static ResNet resnet50(Path weights) { return load(resnet50(), weights); }

    /** Same as torchvision.models.resnet101(): Bottleneck, [3, 4, 23, 3]. */
    public static ResNet resnet101() { return resnet101(new ResNet.Options()); }

    public static ResNet resnet101(ResNet.Options options) { return new ResNet(ResNet.Block.BOTTLENECK, new int[]{3, 4, 23, 3}, options); }

    public static ResNet resnet101(Path weights) { return load(resnet101(), weights); }

    /** Same as torchvision.models.resnet152(): Bottleneck, [3, 8, 36, 3]. */
    public static ResNet resnet152() { return resnet152(new ResNet.Options()); }

    public static ResNet resnet152(ResNet.Options options) { return new ResNet(ResNet.Block.BOTTLENECK, new int[]{3, 8, 36, 3}, options); }

    public static ResNet resnet152(Path weights) { return load(resnet152(), weights); }

    // ------------------------------------------------------------------ MobileNetV2

    /** Same as torchvision.models.mobilenet_v2(). */
    public static MobileNetV2 mobilenetV2() { return new MobileNetV2(); }

    public static MobileNetV2 mobilenetV2(MobileNetV2.Options options) { return new MobileNetV2(options); }

    public static MobileNetV2 mobilenetV2(Path weights) { return load(new MobileNetV2(), weights); }
}
