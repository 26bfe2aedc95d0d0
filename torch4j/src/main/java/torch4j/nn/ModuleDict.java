package torch4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Named submodules in insertion order, as {@code torch.nn.ModuleDict}. */
public class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) { modules.forEach(this::put); }

    public ModuleDict put(String key, Module m) {
        registerModule(key, m);
        items.put(key, m);
        return this;
    }

    public Module get(String key) { return items.get(key); }

    public boolean containsKey(String key) { return items.containsKey(key); }

    public Set<String> keys() { return items.keySet(); }

    public int size() { return items.size(); }
}
