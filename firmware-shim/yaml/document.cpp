// The one YAML document of an input, with every way of not having exactly one as an InputError.
// Every YAML text nk3rig reads goes through guard_document first; nothing calls YAML::LoadAll.

#include "yaml/document.hpp"

#include "yaml/document_guard.hpp"

namespace nk3::yaml {

YAML::Node load_single_document(std::string_view text, const Source& source,
                                std::string_view what) {
    guard_document(text, source);  // at most one document, bounded depth and size, no cycle
    YAML::Node doc;
    try {
        doc = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        fail_at(source, e.mark, "", "YAML syntax error: " + e.msg);
    }
    if (!doc.IsDefined() || doc.IsNull())
        throw InputError(source.name, 1, 1, "", "the " + std::string(what) + " is empty");
    return doc;
}

}  // namespace nk3::yaml
