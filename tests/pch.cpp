// The precompiled headers of the tests are built with this empty file (tests/CMakeLists.txt).
