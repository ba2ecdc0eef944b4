// Autocomplete for the search box; progressive enhancement (search app).
