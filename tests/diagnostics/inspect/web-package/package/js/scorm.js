// SCORM 1.2 API wrapper
var api = null;
