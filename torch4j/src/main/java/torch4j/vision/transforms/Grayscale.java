package torch4j.vision.transforms;

/** {@code torchvision.transforms.Grayscale(num_output_channels)}: RGB to luma (0.2989 R + 0.587 G + 0.114 B). */
public final class Grayscale implements Transform {
    private final int numOutputChannels;

    public Grayscale() { this(1); }

    public Grayscale(int numOutputChannels) { this.numOutputChannels = numOutputChannels; }

    @Override public Object apply(Object input) { return TF.onImage(input, t -> TF.rgbToGrayscale(t, numOutputChannels)); }

    @Override public String toString() { return "Grayscale(num_output_channels=" + numOutputChannels + ")"; }
}
