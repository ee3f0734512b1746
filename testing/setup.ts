// type-graphql needs the metadata polyfill before any decorated class is evaluated.
import "reflect-metadata";
