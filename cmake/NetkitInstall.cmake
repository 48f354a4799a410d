# What `cmake --install` (and `make install`) puts in place: the headers, the
# libraries, the `netkit` command, a CMake package and a pkg-config file.
#
#     find_package(netkit CONFIG REQUIRED)
#     target_link_libraries(app PRIVATE netkit::netkit)
#
#     g++ -std=c++20 app.cpp $(pkg-config --cflags --libs netkit)
#
# The library is static and carries Asio's implementation, compiled once
# (src/net/asio_impl.cpp with ASIO_SEPARATE_COMPILATION): a program that uses
# netkit gets ASIO_SEPARATE_COMPILATION and ASIO_NO_DEPRECATED with it, from
# the package's netkit::asio target or from pkg-config's cflags, so that its
# own Asio calls (Debian's libasio-dev 1.22, the one netkit was built with)
# link to that implementation; it must not compile Asio's bodies again.
include(CMakePackageConfigHelpers)

set_target_properties(netkit_codec PROPERTIES EXPORT_NAME codec)
set_target_properties(netkit_asio PROPERTIES EXPORT_NAME asio)
install(TARGETS netkit netkit_codec netkit_asio EXPORT netkit-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS netkit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_BINARY_DIR}/netkit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/netkit.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME netkit)
install(FILES ${PROJECT_BINARY_DIR}/_netkit DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/netkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(netkit_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/netkit)
install(EXPORT netkit-targets NAMESPACE netkit:: DESTINATION ${netkit_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/netkitConfig.cmake.in
    ${PROJECT_BINARY_DIR}/netkitConfig.cmake INSTALL_DESTINATION ${netkit_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/netkitConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/netkitConfig.cmake ${PROJECT_BINARY_DIR}/netkitConfigVersion.cmake
    DESTINATION ${netkit_cmake_dir})

# pkg-config: the libraries and what they link, with the Asio definitions.
configure_file(${PROJECT_SOURCE_DIR}/cmake/netkit.pc.in ${PROJECT_BINARY_DIR}/netkit.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/netkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# A Debian package of the same install (make deb): the command, the headers,
# the libraries and the package files, for this machine's architecture.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME netkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "netkit developers <netkit@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Python's networking batteries for C++: sockets, HTTP, FTP, urllib, one command")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# The shared libraries the command links, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What a program built against the headers and static libraries also needs.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libasio-dev, libssl-dev, libidn2-dev, zlib1g-dev, libbrotli-dev, libzstd-dev, libunistring-dev, libpsl-dev, libsqlite3-dev, libnghttp2-dev")
include(CPack)
