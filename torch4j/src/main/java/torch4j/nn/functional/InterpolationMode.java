package torch4j.nn.functional;

/** The {@code mode} of torch.nn.functional.interpolate and torch.nn.Upsample. */
public enum InterpolationMode {
    /** Nearest neighbour with PyTorch's legacy (floor) source index; 3-D and 4-D inputs. */
    NEAREST("nearest"),
    /** Nearest neighbour with pixel-centre rounding, as 'nearest-exact'; 3-D and 4-D inputs. */
    NEAREST_EXACT("nearest-exact"),
    /** Linear interpolation of 3-D inputs. */
    LINEAR("linear"),
    /** Bilinear interpolation of 4-D inputs. */
    BILINEAR("bilinear"),
    /** Bicubic interpolation (a = -0.75) of 4-D inputs. */
    BICUBIC("bicubic"),
    /** Adaptive average pooling to the output size, as 'area'. */
    AREA("area");

    private final String pyName;

    InterpolationMode(String pyName) { this.pyName = pyName; }

    /** The mode string PyTorch uses (and prints in Upsample's repr). */
    public String pyName() { return pyName; }
}
