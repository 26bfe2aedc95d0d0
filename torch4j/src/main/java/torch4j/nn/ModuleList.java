package torch4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of registered submodules, as {@code torch.nn.ModuleList}; children are named "0", "1", …. */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList append(Module m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public Module get(int i) { return items.get(i < 0 ? i + items.size() : i); }

    public int size() { return items.size(); }

    @Override public Iterator<Module> iterator() { return List.copyOf(items).iterator(); }
}
