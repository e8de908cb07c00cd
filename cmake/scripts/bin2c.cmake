# Writes a binary file as a C++ source with a C array:
#   cmake -DINPUT=f.wasm -DOUTPUT=f.cpp -DNAME=symbol -P bin2c.cmake
# Defines `extern "C" const unsigned char NAME[]` and `extern "C" const unsigned int NAME_size`.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Sixteen bytes per line.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}"
  "/* Generated from ${INPUT} by cmake/scripts/bin2c.cmake. */\n"
  "extern \"C\" const unsigned char ${NAME}[] __attribute__((aligned(4))) = {\n  ${bytes}\n};\n"
  "extern \"C\" const unsigned int ${NAME}_size = ${size};\n")
