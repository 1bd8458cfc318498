package sockaddr

// groupPad is 0: macOS declares struct group_req and group_source_req under
// #pragma pack(4) (netinet/in.h), so gr_group follows gr_interface at once.
const groupPad = 0
