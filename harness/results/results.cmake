# (targets of this part are declared here; included from the folder's CMakeLists.txt)
