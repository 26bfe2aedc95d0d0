package torch4j.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs this module's tests without Maven (the GPU machine has neither Maven nor network): used by
 * tools/cuda_device_run.sh. Exit status 0 only when every test passed and none of the GPU tests was skipped.
 */
public final class DeviceTestMain {
    private DeviceTestMain() {}

    public static void main(String[] args) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectPackage("torch4j.cuda")).build();
        var listener = new SummaryGeneratingListener();
        var launcher = LauncherFactory.create();
        launcher.registerTestExecutionListeners(listener, new org.junit.platform.launcher.TestExecutionListener() {
            @Override public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
                                                    org.junit.platform.engine.TestExecutionResult r) {
                if (id.isTest()) System.out.println(r.getStatus() + " " + id.getDisplayName() + " ["
                        + id.getUniqueId().replaceAll(".*class:([^\\]]+).*", "$1") + "]"
                        + r.getThrowable().map(t -> "\n    " + t).orElse(""));
            }

            @Override public void executionSkipped(org.junit.platform.launcher.TestIdentifier id, String reason) {
                System.out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
            }
        });
        launcher.execute(request);
        var s = listener.getSummary();
        s.printFailuresTo(new PrintWriter(System.out), 25);
        s.printTo(new PrintWriter(System.out));
        boolean gpu = Cuda.isAvailable();
        System.out.println("cuda_available=" + gpu + (gpu ? " device=" + Cuda.getDeviceName(0) : " reason=" + Cuda.unavailableReason()));
        // a test class whose assumption fails (CudaOpsTest without a GPU) counts as an aborted container, its tests
        // as found but never started
        System.out.println("tests_found=" + s.getTestsFoundCount() + " tests_started=" + s.getTestsStartedCount()
                + " tests_succeeded=" + s.getTestsSucceededCount() + " tests_failed=" + s.getTotalFailureCount()
                + " tests_aborted=" + s.getTestsAbortedCount() + " classes_aborted=" + s.getContainersAbortedCount());
        System.exit(s.getTotalFailureCount() == 0 && gpu ? 0 : 1);
    }
}
