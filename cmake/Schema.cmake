# Our own TFLite schema, compiled by flatc at build time (object API for the IR).
set(EDGEPOSE_SCHEMA_FBS ${CMAKE_SOURCE_DIR}/src/model/schema/tflite_schema.fbs)
set(EDGEPOSE_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
set(EDGEPOSE_SCHEMA_HEADER ${EDGEPOSE_GENERATED_DIR}/edgepose/tflite_schema_generated.h)
add_custom_command(
  OUTPUT ${EDGEPOSE_SCHEMA_HEADER}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${EDGEPOSE_GENERATED_DIR}/edgepose
  COMMAND ${FLATC_EXECUTABLE} --cpp --gen-object-api --gen-compare --reflect-names
          -o ${EDGEPOSE_GENERATED_DIR}/edgepose ${EDGEPOSE_SCHEMA_FBS}
  DEPENDS ${EDGEPOSE_SCHEMA_FBS}
  COMMENT "flatc: generating the TFLite schema header")
add_custom_target(edgepose_schema DEPENDS ${EDGEPOSE_SCHEMA_HEADER})
