/** The shortest password the panel accepts, for every user and for PGCASCADE_ADMIN_PASSWORD. */
export const MIN_PASSWORD_LENGTH = 12;
