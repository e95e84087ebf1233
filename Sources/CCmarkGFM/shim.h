#ifndef CURATE_CCMARKGFM_SHIM_H
#define CURATE_CCMARKGFM_SHIM_H
#include <cmark-gfm.h>
#endif
