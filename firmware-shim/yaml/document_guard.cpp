// guard_document: one pass over yaml-cpp's parser events, counting depth and expanded size with
// every alias resolved to the size and height of its anchored node.

#include "yaml/document_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace nk3::yaml {

namespace {

class GuardHandler : public YAML::EventHandler {
  public:
    GuardHandler(std::string_view text, const Source& source) : text_(text), source_(source) {}

    int documents() const { return documents_; }

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ == 1) {
            first_ = mark;
            return;
        }
        // yaml-cpp 0.7.0 starts a "document" at a token no document can start with (',', say)
        // without consuming it, again and again: the same position twice is that token.
        if (mark.pos == first_.pos && mark.pos >= 0 &&
            static_cast<std::size_t>(mark.pos) < text_.size())
            fail_at(source_, mark, "",
                    "YAML syntax error: unexpected " + quote(text_.substr(mark.pos, 1)));
        // A second document: refused at its first node (where yaml-cpp places it), or at its
        // start when it has none.
        second_ = mark;
        in_second_ = true;
    }
    void OnDocumentEnd() override {
        if (in_second_) several(second_);
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string&) override {
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (anchor >= anchors_.size() || !anchors_[anchor].defined)
            fail_at(source_, mark, "", "alias to an unknown anchor");
        const Anchored& a = anchors_[anchor];
        if (a.open) fail_at(source_, mark, "", "alias to a node that contains it (a cycle)");
        add(mark, a.size, a.height);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

  private:
    struct Anchored {
        bool defined = false;
        bool open = false;
        std::uint64_t size = 0;
        int height = 0;
    };
    struct Frame {
        YAML::anchor_t anchor;
        std::uint64_t size;  // this node and its children so far, aliases expanded
        int height;          // 1 + the tallest child so far
    };

    Anchored& anchored(YAML::anchor_t anchor) {
        if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
        return anchors_[anchor];
    }

    [[noreturn]] void several(const YAML::Mark& mark) {
        fail_at(source_, mark, "", "one YAML document expected, found several");
    }

    // A finished node of `size` nodes and `height` levels at the current depth.
    void add(const YAML::Mark& mark, std::uint64_t size, int height) {
        if (in_second_) several(mark);
        const int depth = static_cast<int>(stack_.size()) + height;
        if (depth > DocumentLimits::kMaxDepth)
            fail_at(source_, mark, "",
                    "nested more than " + std::to_string(DocumentLimits::kMaxDepth) +
                        " levels deep (counting what aliases expand to)");
        total_ += size;
        if (total_ > DocumentLimits::kMaxNodes)
            fail_at(source_, mark, "",
                    "more than " + std::to_string(DocumentLimits::kMaxNodes) +
                        " values once aliases are expanded");
        if (!stack_.empty()) {
            stack_.back().size += size;
            stack_.back().height = std::max(stack_.back().height, height + 1);
        }
    }

    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
        add(mark, 1, 1);
        if (anchor != YAML::NullAnchor) anchored(anchor) = {true, false, 1, 1};
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (in_second_) several(mark);
        if (static_cast<int>(stack_.size()) + 1 > DocumentLimits::kMaxDepth)
            fail_at(
                source_, mark, "",
                "nested more than " + std::to_string(DocumentLimits::kMaxDepth) + " levels deep");
        if (anchor != YAML::NullAnchor) anchored(anchor) = {true, true, 0, 0};
        marks_.push_back(mark);
        stack_.push_back({anchor, 1, 1});
    }

    void close() {
        const Frame f = stack_.back();
        const YAML::Mark mark = marks_.back();
        stack_.pop_back();
        marks_.pop_back();
        if (f.anchor != YAML::NullAnchor) anchored(f.anchor) = {true, false, f.size, f.height};
        // The node itself was not counted in total_ yet; its children were.
        total_ += 1;
        if (total_ > DocumentLimits::kMaxNodes)
            fail_at(source_, mark, "",
                    "more than " + std::to_string(DocumentLimits::kMaxNodes) +
                        " values once aliases are expanded");
        if (!stack_.empty()) {
            stack_.back().size += f.size;
            stack_.back().height = std::max(stack_.back().height, f.height + 1);
        }
    }

    std::string_view text_;
    const Source& source_;
    YAML::Mark first_;
    YAML::Mark second_;
    bool in_second_ = false;
    int documents_ = 0;
    std::vector<Anchored> anchors_;
    std::vector<Frame> stack_;
    std::vector<YAML::Mark> marks_;
    std::uint64_t total_ = 0;
};

}  // namespace

void guard_document(std::string_view text, const Source& source) {
    if (text.size() > DocumentLimits::kMaxBytes)
        throw InputError(source.name, 0, 0, "",
                         "longer than " + std::to_string(DocumentLimits::kMaxBytes) +
                             " bytes; no nk3rig input is that large");
    std::istringstream in{std::string(text)};
    GuardHandler handler(text, source);
    try {
        YAML::Parser parser(in);
        // At most two rounds: the second document, if any, fails in OnDocumentStart. A round
        // that starts no document (yaml-cpp 0.7.0 on some stray tokens) is not repeated.
        for (int round = 0; round < 2; ++round) {
            const int before = handler.documents();
            if (!parser.HandleNextDocument(handler)) break;
            if (handler.documents() == before) break;
        }
    } catch (const InputError&) {
        throw;
    } catch (const YAML::Exception& e) {
        fail_at(source, e.mark, "", "YAML syntax error: " + e.msg);
    }
}

}  // namespace nk3::yaml
