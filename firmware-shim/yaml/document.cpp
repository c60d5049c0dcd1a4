// The one YAML document of an input, with every way of not having exactly one as an InputError.

#include "yaml/document.hpp"

#include <vector>

namespace nk3::yaml {

YAML::Node load_single_document(std::string_view text, const Source& source,
                                std::string_view what) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        fail_at(source, e.mark, "", "YAML syntax error: " + e.msg);
    }
    if (docs.empty() || docs.front().IsNull())
        throw InputError(source.name, 1, 1, "", "the " + std::string(what) + " is empty");
    if (docs.size() > 1)
        fail_at(source, docs[1].Mark(), "", "one YAML document expected, found several");
    return docs.front();
}

}  // namespace nk3::yaml
