/* RFC 5546 (iTIP) restrictions of libical on calendar files: tests/test_libical.py builds and
   runs it. Prints one line per problem libical records (X-LIC-ERROR), exits 1 if any. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_all(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  rewind(file);
  char *data = malloc(size + 1);
  size_t got = fread(data, 1, size, file);
  data[got] = '\0';
  fclose(file);
  return data;
}

static int report(const char *path, icalcomponent *component) {
  int errors = 0;
  /* The UID first: looking it up inside the loop would reset the property iterator. */
  const char *uid = icalcomponent_get_uid(component);
  for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
       p; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
    printf("%s: %s: %s: %s\n", path, icalcomponent_kind_to_string(icalcomponent_isa(component)),
           uid ? uid : "-", icalproperty_get_xlicerror(p));
    errors++;
  }
  for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
    errors += report(path, c);
  return errors;
}

int main(int argc, char **argv) {
  int errors = 0;
  for (int i = 1; i < argc; i++) {
    char *text = read_all(argv[i]);
    icalcomponent *root = text ? icalparser_parse_string(text) : NULL;
    if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
      printf("%s: not one VCALENDAR\n", argv[i]);
      errors++;
    } else {
      if (!icalrestriction_check(root) ) printf("%s: restriction check failed\n", argv[i]);
      errors += report(argv[i], root);
      icalcomponent_free(root);
    }
    free(text);
  }
  printf("%d file(s), %d problem(s)\n", argc - 1, errors);
  return errors ? 1 : 0;
}
