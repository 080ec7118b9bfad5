# The `fetch` workload needs libcurl (clients) and libmicrohttpd (the
# built-in loopback server). HETLANE_WITH_FETCH defaults to ON when both are
# found; when it is OFF, the reason is printed and `fetch`, `curl-multi` and
# `hetlane serve` are left out of the binary.
pkg_check_modules(CURL IMPORTED_TARGET libcurl)
pkg_check_modules(MHD IMPORTED_TARGET libmicrohttpd)

set(_hl_fetch_missing "")
if(NOT CURL_FOUND)
  list(APPEND _hl_fetch_missing "libcurl (Debian: libcurl4-openssl-dev)")
endif()
if(NOT MHD_FOUND)
  list(APPEND _hl_fetch_missing "libmicrohttpd (Debian: libmicrohttpd-dev)")
endif()

if(_hl_fetch_missing)
  set(_hl_fetch_default OFF)
else()
  set(_hl_fetch_default ON)
endif()
option(HETLANE_WITH_FETCH "Build the fetch workload, curl-multi backend and `hetlane serve`"
       ${_hl_fetch_default})

if(HETLANE_WITH_FETCH AND _hl_fetch_missing)
  list(JOIN _hl_fetch_missing ", " _hl_why)
  message(FATAL_ERROR "HETLANE_WITH_FETCH=ON but not found: ${_hl_why}")
elseif(HETLANE_WITH_FETCH)
  message(STATUS "fetch: ON (libcurl ${CURL_VERSION}, libmicrohttpd ${MHD_VERSION})")
elseif(_hl_fetch_missing)
  list(JOIN _hl_fetch_missing ", " _hl_why)
  message(STATUS "fetch: OFF (not found: ${_hl_why})")
else()
  message(STATUS "fetch: OFF (HETLANE_WITH_FETCH=OFF given)")
endif()
