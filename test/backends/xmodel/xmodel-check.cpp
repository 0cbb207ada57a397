//===- xmodel-check.cpp - reload an .xmodel with libxir and print it ------===//
//
// Test helper for the xmodel backend: deserializes a file with
// xir::Graph::deserialize (so the test fails if libxir cannot read it) and
// prints a stable, FileCheck-friendly listing: the subgraph tree with
// devices, then every op in topological order with its type, output shape,
// attributes and inputs. `--fixes` prints only `<fix op> <fix_point>
// <bit_width> <round_mode> <if_signed>` lines for the fix-point comparison.
//
//===----------------------------------------------------------------------===//

#include "xir/attrs/attrs.hpp"
#include "xir/graph/graph.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <set>
#include <sstream>

namespace {

template <typename T> std::string join(const std::vector<T> &v) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < v.size(); ++i)
    os << (i ? ", " : "") << v[i];
  os << "]";
  return os.str();
}

std::string valueString(const xir::any &a) {
  std::ostringstream os;
  if (auto *v = std::any_cast<std::int32_t>(&a))
    os << *v;
  else if (auto *v = std::any_cast<std::int64_t>(&a))
    os << *v;
  else if (auto *v = std::any_cast<double>(&a))
    os << *v;
  else if (auto *v = std::any_cast<bool>(&a))
    os << (*v ? "true" : "false");
  else if (auto *v = std::any_cast<float>(&a))
    os << *v;
  else if (auto *v = std::any_cast<std::string>(&a))
    os << '"' << *v << '"';
  else if (auto *v = std::any_cast<std::vector<std::int32_t>>(&a))
    os << join(*v);
  else if (auto *v = std::any_cast<std::vector<float>>(&a))
    os << join(*v);
  else if (auto *v = std::any_cast<std::vector<std::int64_t>>(&a))
    os << join(*v);
  else if (auto *v = std::any_cast<std::vector<bool>>(&a))
    os << join(*v);
  else if (auto *v = std::any_cast<std::vector<std::string>>(&a))
    os << join(*v);
  else if (auto *v = std::any_cast<std::vector<char>>(&a)) {
    // Weights: size and the first values as float32.
    os << "<" << v->size() << " bytes";
    size_t n = std::min<size_t>(v->size() / 4, 4);
    for (size_t i = 0; i < n; ++i) {
      float f;
      std::memcpy(&f, v->data() + 4 * i, 4);
      os << (i ? " " : ": ") << f;
    }
    os << ">";
  } else
    os << "?";
  return os.str();
}

void printSubgraph(const xir::Subgraph *s, int depth) {
  std::string device = s->has_attr("device")
                           ? s->get_attr<std::string>("device")
                           : std::string("-");
  std::cout << std::string(2 * depth, ' ') << "subgraph " << s->get_name()
            << " device=" << device << " ops=" << s->get_op_num() << "\n";
  std::set<const xir::Subgraph *> set = s->get_children();
  std::vector<const xir::Subgraph *> children(set.begin(), set.end());
  std::sort(children.begin(), children.end(),
            [](auto *a, auto *b) { return a->get_name() < b->get_name(); });
  for (const xir::Subgraph *c : children)
    printSubgraph(c, depth + 1);
}

} // namespace

int main(int argc, char **argv) {
  bool fixesOnly = argc == 3 && std::string(argv[1]) == "--fixes";
  if (argc != 2 && !fixesOnly) {
    std::cerr << "usage: xmodel-check [--fixes] FILE.xmodel\n";
    return 2;
  }
  std::unique_ptr<xir::Graph> graph;
  try {
    graph = xir::Graph::deserialize(argv[argc - 1]);
  } catch (const std::exception &e) {
    std::cerr << "error: cannot load " << argv[argc - 1] << ": " << e.what()
              << "\n";
    return 1;
  }
  std::vector<const xir::Op *> ops =
      static_cast<const xir::Graph &>(*graph).topological_sort();
  if (fixesOnly) {
    for (const xir::Op *op : ops)
      if (op->get_type() == "fix")
        std::cout << op->get_name() << " "
                  << op->get_attr<std::int32_t>("fix_point") << " "
                  << op->get_attr<std::int32_t>("bit_width") << " "
                  << op->get_attr<std::string>("round_mode") << " "
                  << (op->get_attr<bool>("if_signed") ? 1 : 0) << " "
                  << op->get_input_op("input")->get_type() << "\n";
    return 0;
  }
  std::cout << "graph " << graph->get_name() << " ops=" << graph->get_op_num()
            << "\n";
  printSubgraph(graph->get_root_subgraph(), 0);
  for (const xir::Op *op : ops) {
    std::vector<std::int32_t> shape = op->get_output_tensor()->get_shape();
    std::cout << "op " << op->get_name() << " " << op->get_type() << " "
              << join(shape);
    std::unique_ptr<xir::Attrs> attrs = op->get_attrs();
    std::vector<std::string> keys = attrs->get_keys();
    std::sort(keys.begin(), keys.end());
    for (const std::string &k : keys)
      std::cout << " " << k << "=" << valueString(attrs->get_attr(k));
    auto inputs = op->get_input_ops();
    for (auto &[arg, list] : inputs) {
      if (list.empty())
        continue;
      std::cout << " " << arg << "=(";
      for (size_t i = 0; i < list.size(); ++i)
        std::cout << (i ? ", " : "") << list[i]->get_name();
      std::cout << ")";
    }
    const xir::Tensor *t = op->get_output_tensor();
    if (t->has_attr("fix_point"))
      std::cout << " tensor_fix_point="
                << t->get_attr<std::int32_t>("fix_point");
    std::cout << "\n";
  }
  return 0;
}
