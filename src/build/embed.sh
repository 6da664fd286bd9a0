#!/bin/sh
# Write standard input as a C string constant named $1, one source line per
# input line, so a data file (data/schema.sql) is compiled into the program.
name=$1
printf '/* Generated from a data file by src/build/embed.sh; do not edit. */\n'
printf '#pragma GCC diagnostic ignored "-Woverlength-strings"\n'
printf 'extern const char %s[];\n' "$name"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/'
printf '\t"";\n'
