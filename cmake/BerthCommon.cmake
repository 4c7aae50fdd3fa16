# One INTERFACE target carries the language level, warnings and Qt defines for every Berth target.
add_library(berth_common_cfg INTERFACE)
target_compile_features(berth_common_cfg INTERFACE cxx_std_17)
target_compile_definitions(berth_common_cfg INTERFACE
    QT_NO_KEYWORDS
    QT_NO_FOREACH
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    OPENSSL_API_COMPAT=30000
    OPENSSL_NO_DEPRECATED
    BERTH_VERSION="${PROJECT_VERSION}"
)
target_compile_options(berth_common_cfg INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast
    # Designated-style aggregate tables leave trailing fields defaulted on purpose.
    -Wno-missing-field-initializers
    $<$<BOOL:${BERTH_WERROR}>:-Werror>
)
