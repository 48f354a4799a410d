#include <netkit/http/engine/system_mime_types.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace netkit::http {

const mime_types& system_mime_types() {
    static const mime_types instance = [] {
        mime_types m = mime_types::builtin();
        std::ifstream in("/etc/mime.types", std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        m.add_types(text);
        return m;
    }();
    return instance;
}

} // namespace netkit::http
