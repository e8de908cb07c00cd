// C++: the standard library's streams, containers and algorithms over WASI, with files.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  int failures = 0;
  auto check = [&](const char* name, bool ok) {
    std::cout << (ok ? "PASS " : "FAIL ") << name << "\n";
    if (!ok) ++failures;
  };
  std::vector<int> v(100);
  std::iota(v.begin(), v.end(), 1);
  check("accumulate", std::accumulate(v.begin(), v.end(), 0) == 5050);
  std::map<std::string, int> words;
  std::istringstream text("the quick brown fox jumps over the lazy dog the end");
  for (std::string w; text >> w;) ++words[w];
  check("word count", words["the"] == 3 && words.size() == 9);
  {
    std::ofstream out("/sandbox/cpp.txt");
    for (int i = 0; i < 5; ++i) out << "line " << i << "\n";
  }
  std::ifstream in("/sandbox/cpp.txt");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  check("file round trip", lines.size() == 5 && lines[4] == "line 4");
  std::sort(lines.rbegin(), lines.rend());
  check("sort", lines.front() == "line 4");
  check("argv", argc == 2 && std::string(argv[1]) == "c++");
  std::remove("/sandbox/cpp.txt");
  std::cout << (failures == 0 ? "ALL PASSED" : "SOME FAILED") << std::endl;
  return failures == 0 ? 0 : 1;
}
