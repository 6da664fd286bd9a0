/* The program's version. */
#ifndef MADOGUCHI_VERSION_H
#define MADOGUCHI_VERSION_H

#define MD_VERSION "0.1.0"

#endif
